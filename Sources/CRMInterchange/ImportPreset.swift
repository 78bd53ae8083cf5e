// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The column names of another CRM's exports, mapped to our import targets.
///
/// Each table lists, per target, the headers that feed it in priority order (the first non-empty
/// one wins, so `Phone` beats `MobilePhone`). Headers are compared by `MatchKey.compact`, which makes
/// the API-name form (`FirstName`), the label form (`First Name`) and the Pipedrive form
/// (`Person - First name`) match whatever their case and spacing. Sources: EXPORT-FORMATS.md and
/// the Salesforce fixtures.
public enum ImportPreset: String, CaseIterable, Sendable {
    case salesforce
    case hubspot
    case pipedrive

    /// The namespace of the stable ids of records imported with this preset (`nil` = no preset).
    public static func namespace(kind: EntityKind, preset: ImportPreset?) -> String {
        "import:\(kind.rawValue):\(preset?.rawValue ?? "csv")"
    }

    /// The preset's synonyms for `kind`: target name and the headers that feed it.
    public func table(for kind: EntityKind) -> [(String, [String])] {
        switch self {
        case .salesforce: Self.salesforce(kind)
        case .hubspot: Self.hubspot(kind)
        case .pipedrive: Self.pipedrive(kind)
        }
    }

    /// The preset whose own headers match most columns, or nil if none matches two.
    public static func detect(headers: [String], kind: EntityKind) -> ImportPreset? {
        let keys = Set(headers.map(MatchKey.compact))
        let generic = Set(ImportTargets.generic(kind).flatMap(\.1).map(MatchKey.compact))
        let scored = allCases.map { preset in
            let own = Set(preset.table(for: kind).flatMap(\.1).map(MatchKey.compact)).subtracting(generic)
            return (preset, own.intersection(keys).count)
        }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 2 else { return nil }
        return best.0
    }

    static func salesforce(_ kind: EntityKind) -> [(String, [String])] {
        let address = { (prefix: String, label: String) -> [(String, [String])] in
            [
                ("address_street", ["\(prefix)Street", "\(label) Street"]),
                ("address_city", ["\(prefix)City", "\(label) City"]),
                ("address_state", ["\(prefix)State", "\(label) State/Province"]),
                ("address_postal_code", ["\(prefix)PostalCode", "\(label) Zip/Postal Code"]),
                ("address_country", ["\(prefix)Country", "\(label) Country"]),
            ]
        }
        let common: [(String, [String])] = [
            ("external_id", ["Id", "Record ID"]), ("owner_external_id", ["OwnerId"]),
            ("notes", ["Description"]), ("created_at", ["CreatedDate", "Created Date"]),
        ]
        switch kind {
        case .contact:
            return common + address("Mailing", "Mailing") + [
                ("name", ["Name", "Full Name", "Contact Name"]), ("first_name", ["FirstName", "First Name"]),
                ("last_name", ["LastName", "Last Name"]), ("email", ["Email"]),
                ("phone", ["Phone", "MobilePhone", "Mobile", "HomePhone", "OtherPhone"]), ("title", ["Title"]),
                ("company_external_id", ["AccountId"]), ("company", ["Account Name", "Account.Name"]),
                ("owner", ["Contact Owner", "Owner.Email"]),
            ]
        case .company:
            return common + address("Billing", "Billing") + [
                ("name", ["Name", "Account Name"]), ("domain", ["Website"]), ("phone", ["Phone"]),
                ("industry", ["Industry"]), ("owner", ["Account Owner", "Owner.Email"]), ("tags", ["Type"]),
            ]
        case .deal:
            return common + [
                ("title", ["Name", "Opportunity Name"]), ("amount", ["Amount"]), ("currency", ["CurrencyIsoCode"]),
                ("stage", ["StageName", "Stage"]), ("close_date", ["CloseDate", "Close Date"]),
                ("probability", ["Probability", "Probability (%)"]), ("company_external_id", ["AccountId"]),
                ("company", ["Account Name", "Account.Name"]), ("owner", ["Opportunity Owner", "Owner.Email"]),
                ("tags", ["Type"]),
            ]
        case .supportCase:
            return [
                ("external_id", ["Id"]), ("subject", ["Subject"]), ("description", ["Description"]),
                ("priority", ["Priority"]), ("status", ["Status"]), ("contact_external_id", ["ContactId"]),
                ("company_external_id", ["AccountId"]), ("owner_external_id", ["OwnerId"]),
                ("contact_email", ["ContactEmail", "SuppliedEmail"]),
                ("created_at", ["CreatedDate", "Date/Time Opened"]),
                ("resolved_at", ["ClosedDate", "Date/Time Closed"]),
            ]
        case .stageChange:
            // OpportunityHistory.csv: one row per change of stage, amount or close date.
            return [
                ("external_id", ["Id"]), ("deal_external_id", ["OpportunityId"]), ("stage", ["StageName"]),
                ("created_at", ["CreatedDate"]),
            ]
        case .activity:
            // Task.csv and Event.csv of the Data Export: a task has a date (`ActivityDate`), an
            // event a start time; `WhoId` and `WhatId` are read by their key prefix (`RecordKey`).
            return [
                ("external_id", ["Id"]), ("owner_external_id", ["OwnerId"]), ("created_at", ["CreatedDate"]),
                ("subject", ["Subject"]), ("body", ["Description"]),
                ("due_at", ["StartDateTime", "ActivityDateTime", "ActivityDate", "Due Date"]),
                ("type", ["Type", "TaskSubtype", "EventSubtype"]), ("status", ["Status"]), ("done", ["IsClosed"]),
                ("done_at", ["CompletedDateTime"]), ("who_external_id", ["WhoId"]),
                ("what_external_id", ["WhatId"]), ("company_external_id", ["AccountId"]),
            ]
        case .user:
            // User.csv of the Data Export: what `OwnerId` in the other files points at.
            return [
                ("external_id", ["Id"]), ("name", ["Name", "Full Name"]), ("first_name", ["FirstName", "First Name"]),
                ("last_name", ["LastName", "Last Name"]), ("email", ["Email"]),
            ]
        default:
            return []
        }
    }
}
