// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The column layouts and data of the Contacts and Companies screens.
@MainActor
public enum ListSpecs {
    /// Contacts: name, email, phone, company, title; narrow terminals drop title, then phone.
    public static let contacts = RecordListScreen<ContactRow>.Spec(
        title: "Contacts", kind: .contact, noun: "contact", plural: "contacts",
        columns: [
            TableColumn("Name", minWidth: 16, flex: 3), TableColumn("Email", minWidth: 18, flex: 3),
            TableColumn("Phone", minWidth: 15, hideBelow: 90), TableColumn("Company", minWidth: 12, flex: 2),
            TableColumn("Title", minWidth: 12, flex: 2, hideBelow: 110),
        ],
        cells: { [$0.name, $0.email, $0.phone, $0.company, $0.title] },
        fetch: { try $0.contacts($1) },
        emptyText: "No contacts yet. Press n to add one, or run `crm demo` for sample data.")

    /// Companies: name, domain, industry, phone.
    public static let companies = RecordListScreen<CompanyRow>.Spec(
        title: "Companies", kind: .company, noun: "company", plural: "companies",
        columns: [
            TableColumn("Name", minWidth: 20, flex: 3), TableColumn("Domain", minWidth: 16, flex: 2),
            TableColumn("Industry", minWidth: 14, flex: 2), TableColumn("Phone", minWidth: 15, hideBelow: 90),
        ],
        cells: { [$0.name, $0.domain, $0.industry, $0.phone] },
        fetch: { try $0.companies($1) },
        emptyText: "No companies yet. Press n to add one, or run `crm demo` for sample data.")
}
