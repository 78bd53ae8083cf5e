// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange

/// What differs between the whole-export imports of each vendor: the preset and the help text.
///
/// Everything else (the files' order, the report, `--dry-run`) is one
/// command, `ImportCommand.ImportExport`, parameterised by this.
protocol ExportVendor {
    static var preset: ImportPreset { get }
    static var abstract: String { get }
    /// What the export holds and the order it is imported in, for `--help`.
    static var files: String { get }
    static var example: String { get }
}

/// Salesforce's Data Export: one file per object, named after it.
enum SalesforceExport: ExportVendor {
    static var preset: ImportPreset { .salesforce }
    static var abstract: String { "Import a whole Salesforce export folder (User, Account, Contact, …)." }
    static var files: String {
        """
        Imports User.csv (team members, inactive), Account.csv (companies), Contact.csv, Opportunity.csv (deals,
        closed at their close date with their stage history), OpportunityHistory.csv, Case.csv, Task.csv and
        Event.csv, in that order.
        """
    }
    static var example: String { "~/Downloads/WE_00D5g000001_1" }
}

/// HubSpot's exports: `hubspot-crm-exports-all-contacts-2023-02-21.csv` and the like.
enum HubSpotExport: ExportVendor {
    static var preset: ImportPreset { .hubspot }
    static var abstract: String { "Import a folder of HubSpot exports (owners, companies, contacts, deals)." }
    static var files: String {
        """
        Imports the owners file (team members, inactive), then the companies, contacts and deals exports
        (hubspot-crm-exports-all-companies-DATE.csv, …-all-contacts-…, …-all-deals-…; deals in a closed stage
        are closed at their Close Date), in that order.
        """
    }
    static var example: String { "~/Downloads/hubspot-export" }
}

/// Pipedrive's exports: one file per entity (`organizations`, `people`, `deals`, `users`).
enum PipedriveExport: ExportVendor {
    static var preset: ImportPreset { .pipedrive }
    static var abstract: String {
        "Import a folder of Pipedrive exports (users, organizations, people, deals, activities)."
    }
    static var files: String {
        """
        Imports users.csv (team members, inactive), organizations.csv (companies), people.csv (contacts) and
        deals.csv (won and lost deals closed at their Won/Lost time) and activities.csv, in that order.
        """
    }
    static var example: String { "~/Downloads/pipedrive-export" }
}
