// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The names a CSV column can be mapped to for each kind, and the generic headers for each.
///
/// Targets are the `EntitySchema` field names a file can fill directly (`email`, `close_date`)
/// plus the parts and references the row mapper turns into fields: `first_name` / `last_name`
/// (joined into `name`), `address_*` (joined into `address`), `company` / `company_external_id`,
/// `owner` (an email or a user name), `stage` and `status` (names resolved to a stage), `currency`,
/// `contact_email` / `contact_external_id`. A Users file (`--kind user`) has `external_id`, names and email.
public enum ImportTargets {
    static let addressParts = [
        "address_street", "address_city", "address_state", "address_postal_code", "address_country",
    ]
    static let references = ["company", "company_external_id", "owner", "owner_external_id"]
    /// What an activity is about, by the source's ids (`who`/`what`: Salesforce's polymorphic ids).
    static let activityLinks = [
        "contact_external_id", "deal_external_id", "case_external_id", "who_external_id", "what_external_id",
    ]

    /// Every name `--map` accepts for `kind`.
    public static func names(for kind: EntityKind) -> [String] {
        let schema = EntitySchema.fields(of: kind).map(\.name).filter { !$0.hasSuffix("_id") || $0 == "external_id" }
        switch kind {
        case .contact: return schema + ["first_name", "last_name"] + addressParts + references
        case .company: return schema + addressParts + ["owner", "owner_external_id"]
        case .user: return ["name", "email", "first_name", "last_name", "external_id"]
        case .supportCase:
            return schema + ["external_id", "contact_email", "contact_external_id"] + references
        case .deal:
            return schema + ["currency", "stage", "status", "contact_email", "contact_external_id"] + references
        case .stageChange: return ["external_id", "deal_external_id", "stage", "created_at"]
        case .activity:
            return schema + activityLinks + ["type", "status", "contact_email", "external_id", "due_time"] + references
        default: return schema
        }
    }

    /// Headers every import understands, with or without a preset.
    public static func generic(_ kind: EntityKind) -> [(String, [String])] {
        let common: [(String, [String])] = [
            ("external_id", ["external_id", "External ID"]), ("tags", ["tags", "Labels", "Categories"]),
            ("notes", ["notes", "Note", "Comments"]), ("owner", ["owner", "Owner", "owner_email", "Owner Email"]),
            ("created_at", ["created_at", "Created", "Created At"]),
            ("address", ["address", "Full Address"]), ("address_street", ["Street"]), ("address_city", ["City"]),
            ("address_state", ["State", "Region"]), ("address_postal_code", ["Zip", "ZIP Code", "Postcode"]),
            ("address_country", ["Country"]),
        ]
        switch kind {
        case .contact:
            return common + [
                ("name", ["name", "Full Name", "Display Name"]),
                ("first_name", ["first_name", "First Name", "Given Name"]),
                ("last_name", ["last_name", "Last Name", "Surname", "Family Name"]),
                ("email", ["email", "E-mail", "Email Address", "E-mail Address"]),
                ("phone", ["phone", "Phone Number", "Telephone", "Mobile", "Mobile Phone"]),
                ("title", ["title", "Job Title", "Position"]),
                ("company", ["company", "Company Name", "Organization", "Organisation"]),
            ]
        case .company:
            return common + [
                ("name", ["name", "Company", "Company Name", "Organization", "Organisation"]),
                ("domain", ["domain", "Website", "Web Site", "URL"]),
                ("phone", ["phone", "Phone Number", "Telephone"]),
                ("industry", ["industry", "Sector"]),
            ]
        case .deal:
            return common + [
                ("title", ["title", "Deal", "Deal Title", "Name"]), ("amount", ["amount", "Value", "Deal Value"]),
                ("currency", ["currency"]), ("stage", ["stage", "Pipeline Stage"]), ("status", ["status"]),
                ("close_date", ["close_date", "Close Date", "Expected Close Date"]),
                ("probability", ["probability", "Win Probability"]), ("lost_reason", ["lost_reason", "Lost Reason"]),
                ("company", ["company", "Company Name", "Organization"]),
                ("contact_email", ["contact_email", "Contact Email"]),
            ]
        case .supportCase:
            return [
                ("external_id", ["external_id", "External ID"]), ("subject", ["subject", "Title"]),
                ("description", ["description", "Details"]), ("priority", ["priority"]), ("status", ["status"]),
                ("queue", ["queue"]), ("created_at", ["created_at", "Created", "Created At"]),
                ("resolved_at", ["resolved_at", "Closed", "Closed At"]),
                ("contact_email", ["contact_email", "Contact Email"]),
                ("owner", ["owner", "Owner", "Assignee"]),
            ]
        case .stageChange:
            return [
                ("external_id", ["external_id", "External ID"]), ("deal_external_id", ["deal_external_id", "Deal ID"]),
                ("stage", ["stage", "Stage"]), ("created_at", ["created_at", "Date", "Changed At", "Created At"]),
            ]
        case .activity:
            return [
                ("external_id", ["external_id", "External ID"]), ("type", ["type", "kind", "Activity Type", "Type"]),
                ("subject", ["subject", "Title"]), ("body", ["body", "Description", "Note", "Notes", "Details"]),
                ("due_at", ["due_at", "Due", "Due Date", "Date"]), ("done", ["done", "Done", "Completed"]),
                ("status", ["status"]), ("done_at", ["done_at", "Done At", "Completed At"]),
                ("created_at", ["created_at", "Created", "Created At"]), ("owner", ["owner", "Owner", "Assigned To"]),
                ("contact_email", ["contact_email", "Contact Email"]), ("company", ["company", "Company Name"]),
            ]
        case .user:
            // A Users export: the people records' owner ids name (`OwnerId` → `Id`).
            return [
                ("external_id", ["external_id", "External ID", "Id", "User ID"]),
                ("name", ["name", "Full Name", "Display Name"]), ("first_name", ["first_name", "First Name"]),
                ("last_name", ["last_name", "Last Name"]), ("email", ["email", "E-mail", "Email Address"]),
            ]
        default:
            return common.filter { names(for: kind).contains($0.0) }
        }
    }
}
