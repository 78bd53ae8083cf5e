// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange

extension ExportLayout {
    /// The stems (`ExportLayout.stem`) of each kind's file in the vendor's own naming.
    ///
    /// Salesforce's Data Export writes one file per object named after it (`Account.csv`); HubSpot
    /// names a file after the exported view (`hubspot-crm-exports-all-contacts-DATE.csv`, or the view's
    /// own name, which the header then recognises); Pipedrive one file per entity.
    func names(of kind: EntityKind) -> [String] {
        switch (preset, kind) {
        case (.salesforce, .user): ["user"]
        case (.salesforce, .company): ["account"]
        case (.salesforce, .contact): ["contact"]
        case (.salesforce, .deal): ["opportunity"]
        case (.salesforce, .stageChange): ["opportunityhistory"]
        case (.salesforce, .supportCase): ["case"]
        case (.salesforce, .activity): ["task", "event"]
        case (.hubspot, .user): ["owners", "users"]
        case (.hubspot, .company): ["companies"]
        case (.hubspot, .contact): ["contacts"]
        case (.hubspot, .deal): ["deals"]
        case (.pipedrive, .user): ["users"]
        case (.pipedrive, .company): ["organizations", "organisations"]
        case (.pipedrive, .contact): ["people", "persons"]
        case (.pipedrive, .deal): ["deals"]
        case (.pipedrive, .activity): ["activities"]
        default: []
        }
    }

    /// The kind of the file whose stem is `stem`, by the vendor's naming.
    func kind(named stem: String) -> EntityKind? {
        Self.order.first { names(of: $0).contains(stem) }
    }

    /// Files of an export crm reads nothing from, with the reason the report gives.
    func notImported(_ stem: String) -> String? {
        switch (preset, stem) {
        case (.salesforce, "lead"), (.pipedrive, "leads"):
            "crm has no leads; import them as contacts with crm import csv --kind contact if you want them"
        case (.hubspot, "tickets"):
            "crm's HubSpot preset has no ticket columns yet; import them with "
                + "crm import csv FILE --kind case --map \"Ticket name=subject,Ticket status=status\""
        case (.hubspot, "calls"), (.hubspot, "tasks"), (.hubspot, "meetings"):
            "crm's \(preset.rawValue) preset has no activity columns yet; import them with "
                + "crm import csv FILE --kind activity --map \"Column=field\""
        case (.pipedrive, "notes"), (.hubspot, "notes"):
            "crm imports no notes files; a note belongs in its record's notes or an activity"
        case (.pipedrive, "products"), (.hubspot, "products"), (.hubspot, "line-items"):
            "crm has no products"
        default: nil
        }
    }

    /// The file names the error lists when a folder holds none of them.
    var expectedNames: [String] {
        Self.order.flatMap { names(of: $0) }.map { name in
            switch preset {
            case .salesforce: name.prefix(1).uppercased() + name.dropFirst() + ".csv"
            case .hubspot: "hubspot-crm-exports-all-\(name)-DATE.csv"
            case .pipedrive: name + ".csv"
            }
        }
    }
}
