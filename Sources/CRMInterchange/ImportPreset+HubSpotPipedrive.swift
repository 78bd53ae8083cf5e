// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

extension ImportPreset {
    static func hubspot(_ kind: EntityKind) -> [(String, [String])] {
        let address: [(String, [String])] = [
            ("address_street", ["Street Address"]), ("address_city", ["City"]), ("address_state", ["State/Region"]),
            ("address_postal_code", ["Postal Code"]), ("address_country", ["Country/Region"]),
        ]
        switch kind {
        case .contact:
            return address + [
                ("external_id", ["Record ID", "Contact ID"]), ("first_name", ["First Name"]),
                ("last_name", ["Last Name"]), ("email", ["Email", "Work email"]),
                ("phone", ["Phone Number", "Mobile Phone Number", "WhatsApp Phone Number"]), ("title", ["Job Title"]),
                ("company", ["Associated Company", "Company Name"]),
                ("company_external_id", ["Associated Company IDs"]), ("owner", ["Contact owner"]),
                ("created_at", ["Create Date"]), ("tags", ["Lifecycle Stage"]),
            ]
        case .company:
            return address + [
                ("external_id", ["Record ID", "Company ID"]), ("name", ["Company name", "Name"]),
                ("domain", ["Company Domain Name", "Website URL"]), ("phone", ["Phone Number"]),
                ("industry", ["Industry"]), ("owner", ["Company owner"]), ("created_at", ["Create Date"]),
                ("notes", ["Description"]),
            ]
        case .deal:
            return [
                ("external_id", ["Record ID", "Deal ID"]), ("title", ["Deal Name"]), ("stage", ["Deal Stage"]),
                ("amount", ["Amount"]), ("currency", ["Currency", "Deal Currency Code"]),
                ("close_date", ["Close Date"]), ("owner", ["Deal owner"]),
                ("company_external_id", ["Associated Company IDs"]), ("company", ["Associated Company"]),
                ("contact_external_id", ["Associated Contact IDs"]), ("created_at", ["Create Date"]),
                ("probability", ["Deal probability"]), ("lost_reason", ["Closed Lost Reason"]),
                ("notes", ["Deal Description"]), ("tags", ["Lead source", "Deal Type"]),
            ]
        case .user:
            // The owners list (Settings → Users, or the owners API): unverified against a real file.
            return [
                ("external_id", ["Owner ID", "User ID", "ID"]), ("first_name", ["First Name", "First name"]),
                ("last_name", ["Last Name", "Last name"]), ("email", ["Email"]),
            ]
        default:
            return []
        }
    }

    static func pipedrive(_ kind: EntityKind) -> [(String, [String])] {
        switch kind {
        case .contact:
            return [
                ("external_id", ["Person - ID"]), ("name", ["Person - Name"]),
                ("first_name", ["Person - First name"]), ("last_name", ["Person - Last name"]),
                ("email", ["Person - Email", "Person - Email - Work", "Person - Email - Home"]),
                ("phone", ["Person - Phone", "Person - Phone - Work", "Person - Phone - Mobile"]),
                ("title", ["Person - Job title"]), ("tags", ["Person - Label", "Person - Labels"]),
                ("company", ["Person - Organization", "Organization - Name"]),
                ("company_external_id", ["Organization - ID"]), ("owner", ["Person - Owner"]),
                ("created_at", ["Person - Person created", "Person - Add time"]),
                ("address", ["Person - Postal address"]), ("notes", ["Person - Notes"]),
            ]
        case .company:
            return [
                ("external_id", ["Organization - ID"]), ("name", ["Organization - Name"]),
                ("address", ["Organization - Address"]), ("phone", ["Organization - Phone"]),
                ("domain", ["Organization - Website"]), ("industry", ["Organization - Industry"]),
                ("tags", ["Organization - Label", "Organization - Labels"]), ("owner", ["Organization - Owner"]),
                ("created_at", ["Organization - Organization created", "Organization - Add time"]),
            ]
        case .deal:
            return [
                ("external_id", ["Deal - ID"]), ("title", ["Deal - Title"]), ("amount", ["Deal - Value"]),
                ("currency", ["Deal - Currency", "Deal - Currency of value"]), ("stage", ["Deal - Stage"]),
                ("status", ["Deal - Status"]), ("owner", ["Deal - Owner"]),
                ("close_date", ["Deal - Expected close date"]),
                ("closed_at", ["Deal - Won time", "Deal - Lost time", "Deal - Deal closed on", "Deal - Close time"]),
                ("created_at", ["Deal - Deal created", "Deal - Creation date", "Deal - Deal created on"]),
                ("lost_reason", ["Deal - Lost reason"]), ("tags", ["Deal - Label", "Deal - Labels"]),
                ("company", ["Deal - Organization", "Organization - Name"]),
                ("company_external_id", ["Organization - ID"]), ("probability", ["Deal - Probability"]),
                ("contact_email", ["Person - Email"]), ("contact_external_id", ["Person - ID"]),
            ]
        case .activity:
            // The activities export (EXPORT-FORMATS.md §4); the linked records' id and email
            // columns follow the `<Entity> - <Field>` form of the other files (unverified).
            return [
                ("external_id", ["Activity - ID"]), ("subject", ["Activity - Subject"]), ("type", ["Activity - Type"]),
                ("due_at", ["Activity - Due date"]), ("due_time", ["Activity - Due time"]),
                ("done", ["Activity - Done"]), ("body", ["Activity - Note"]),
                ("owner", ["Activity - Assigned to user"]), ("deal_external_id", ["Deal - ID"]),
                ("contact_external_id", ["Person - ID"]), ("company_external_id", ["Organization - ID"]),
                ("contact_email", ["Person - Email"]),
            ]
        case .user:
            // The users list export: unverified against a real file.
            return [
                ("external_id", ["User - ID", "ID"]), ("name", ["User - Name", "Name"]),
                ("email", ["User - Email", "Email"]),
            ]
        default:
            return []
        }
    }
}
