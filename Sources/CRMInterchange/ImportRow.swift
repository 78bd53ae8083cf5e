// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// One CSV row turned into typed fields, ready for the store.
///
/// `fields` is keyed by `EntitySchema` field names; references the store resolves are keyed by
/// the reference names of `ImportRow.Reference` (a company by name or source id, an owner by email,
/// a stage by name), because only the store knows their record ids.
public struct ImportRow: Sendable, Equatable {
    /// References to other records, by the names they are given under in `fields`.
    public enum Reference {
        public static let company = "company"
        public static let companyExternalID = "company_external_id"
        public static let ownerEmail = "owner_email"
        public static let ownerName = "owner_name"
        public static let ownerExternalID = "owner_external_id"
        public static let stage = "stage"
        /// The end of the close date's day: when a deal imported in a won or lost stage closed.
        public static let closeTime = "close_time"
        public static let contactEmail = "contact_email"
        public static let contactExternalID = "contact_external_id"
        /// An activity's deal, by the source's id (found by its `external_id`).
        public static let dealExternalID = "deal_external_id"
        /// An activity's case, by the source's id: kept while the case is not imported yet.
        public static let caseExternalID = "case_external_id"
        /// An activity's case, by the stable id the case gets from its source id (cases keep no
        /// `external_id` field, so this is how they are found).
        public static let caseID = "case_stable_id"
        /// The kind of record an activity is about that crm does not import (`lead`), for the report.
        public static let unimportedObject = "unimported_object"
    }

    public let kind: EntityKind
    /// The line the row starts on in the file.
    public let line: Int
    public var fields: [String: FieldValue]
    /// The id the record gets (stable across re-imports) when the file carries a source id.
    public let id: RecordID?

    public init(kind: EntityKind, line: Int, fields: [String: FieldValue], namespace: String) {
        self.init(
            kind: kind, line: line, fields: fields,
            id: fields["external_id"].map {
                RecordID.stable(namespace: namespace, name: $0.plainText)
            })
    }

    /// A row with an id chosen by the caller (a vCard `UID`, a JSON export's own ids).
    public init(kind: EntityKind, line: Int, fields: [String: FieldValue], id: RecordID?) {
        self.kind = kind
        self.line = line
        self.fields = fields
        self.id = id
    }

    /// The text of one field or reference, if present.
    public subscript(text name: String) -> String? { fields[name]?.plainText }
}

/// One row that could not be imported, with its line and the reason.
public struct RowIssue: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
