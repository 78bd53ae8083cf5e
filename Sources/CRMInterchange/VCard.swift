// crm — a terminal-first CRM. Licensed under the MIT License.

/// One contact card as read from or written to a vCard (2.1, 3.0 or 4.0) file.
///
/// Keeps what a contact record can use (names, every typed email, phone and address,
/// organisation, title, notes, categories, uid) plus the `X-CRM-*` extensions our own export
/// writes so a round trip loses nothing we store. Photos, sounds and keys are skipped and listed in
/// `skipped` so the import report can say so.
public struct VCard: Sendable, Equatable {
    /// A value with its lower-cased `TYPE`s (`work`, `cell`) and whether it is preferred.
    public struct Typed: Sendable, Equatable {
        public var value: String
        public var types: [String]
        public var preferred: Bool

        public init(_ value: String, types: [String] = [], preferred: Bool = false) {
            self.value = value
            self.types = types
            self.preferred = preferred
        }
    }

    /// The seven `ADR` components: post office box, extended, street, locality, region, postal code, country.
    public struct Address: Sendable, Equatable {
        public var components: [String]
        public var types: [String]

        public init(components: [String], types: [String] = []) {
            self.components = components + Array(repeating: "", count: max(0, 7 - components.count))
            self.types = types
        }

        /// `street, city, region postal code, country`, the form a contact's address field has.
        public var text: String {
            let parts = components.prefix(7)
            let regionPostal = [parts[4], parts[5]].filter { !$0.isEmpty }.joined(separator: " ")
            return [parts[0], parts[1], parts[2], parts[3], regionPostal, parts[6]].filter { !$0.isEmpty }
                .joined(separator: ", ")
        }
    }

    /// The line the card's `BEGIN:VCARD` is on.
    public var line: Int
    public var version = "4.0"
    public var formattedName: String?
    /// `N`: family, given, additional, prefixes, suffixes.
    public var nameParts: [String] = []
    public var emails: [Typed] = []
    public var phones: [Typed] = []
    public var organization: [String] = []
    public var title: String?
    public var role: String?
    public var notes: [String] = []
    public var addresses: [Address] = []
    public var categories: [String] = []
    public var uid: String?
    /// `X-CRM-*` properties by name (upper-case, without the prefix).
    public var extensions: [String: String] = [:]
    /// Other apps' `X-` properties by name without `X-` (`X-LINKEDIN` → `LINKEDIN`): an import
    /// gives each to the custom field of that name, if the contacts have one.
    public var otherExtensions: [String: String] = [:]
    /// Properties not imported (`PHOTO`, `SOUND`).
    public var skipped: [String] = []

    public init(line: Int = 1) { self.line = line }
}
