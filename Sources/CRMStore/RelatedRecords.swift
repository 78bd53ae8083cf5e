// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The records a detail view lists beside one record (`Store.related(to:_:limit:)`).
///
/// A company has its contacts, open deals and open cases; a contact its deals, cases and open
/// tasks; a deal its contacts and activities. Each list is capped, so a company of 50,000 contacts
/// costs what one of five does; `more` says which lists were cut.
public struct RelatedRecords: Sendable, Equatable {
    public var contacts: [Contact] = []
    public var deals: [Deal] = []
    public var cases: [SupportCase] = []
    public var activities: [Activity] = []
    /// The kinds whose list reached the limit (there may be more).
    public var more: Set<EntityKind> = []

    public init() {}
}
