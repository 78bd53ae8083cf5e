// crm — a terminal-first CRM. Licensed under the MIT License.

/// What a polymorphic Salesforce id names, read from its key prefix.
///
/// Every Salesforce record id starts with the three-character prefix of its object, fixed across
/// all orgs for standard objects (`003` Contact, `001` Account, `006` Opportunity, `500` Case,
/// `00Q` Lead). A Task's or Event's `WhoId` and `WhatId` can name any of several objects, so the
/// prefix is the only way to tell which import target the id belongs to. The all-zero id
/// (`000000000000000AAA`) that some exports write for "none" has no object's prefix, so it
/// names nothing.
public struct SalesforceKeyPrefix: Equatable, Sendable {
    /// The object's name, for reports (`contact`, `lead`).
    public let object: String
    /// The import target the id fills (`contact_external_id`, `company_external_id`, …), or nil
    /// for an object crm does not import.
    public let target: String?

    /// What a Salesforce id names, or nil for an id of an object crm neither imports nor reports
    /// (a campaign, a custom object) and for the empty id.
    public static func of(_ id: String) -> SalesforceKeyPrefix? {
        guard id.count == 15 || id.count == 18 else { return nil }
        switch id.prefix(3) {
        case "003": return SalesforceKeyPrefix(object: "contact", target: "contact_external_id")
        case "001": return SalesforceKeyPrefix(object: "account", target: "company_external_id")
        case "006": return SalesforceKeyPrefix(object: "opportunity", target: "deal_external_id")
        case "500": return SalesforceKeyPrefix(object: "case", target: "case_external_id")
        case "00Q": return SalesforceKeyPrefix(object: "lead", target: nil)
        default: return nil
        }
    }
}
