// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

extension VCard {
    /// The namespace of ids given to cards whose `UID` is not one of our record ids.
    public static let namespace = "import:contact:vcard"

    /// The contact fields this card gives, as an import row.
    ///
    /// The preferred (else first) email and phone fill `email` and `phone`; further ones are kept
    /// as lines of `notes` (`Email (work): …`) because a contact stores one of each; so are phone
    /// numbers the store would refuse (the 2-digit test numbers of Android's fixtures). The card's
    /// `UID` becomes the record id when it is one of ours (`urn:uuid:…` from `crm export vcard`),
    /// else a stable id from it, so re-importing a file updates instead of duplicating.
    public func importRow() -> Result<ImportRow, RowIssue> {
        var fields: [String: FieldValue] = [:]
        let email = emails.first(where: \.preferred) ?? emails.first
        if let email {
            guard case .success(let normalised) = ContactValues.email(email.value) else {
                return .failure(RowIssue(line: line, reason: "EMAIL '\(email.value)' is not an email address"))
            }
            fields["email"] = .text(normalised)
        }
        let valid = phones.filter { (try? ContactValues.phone($0.value).get()) != nil }
        let phone = valid.first(where: \.preferred) ?? valid.first
        if let phone { fields["phone"] = .text(phone.value) }
        guard let name = displayName ?? fields["email"]?.text else {
            return .failure(RowIssue(line: line, reason: "the card has no FN, N, ORG or EMAIL to name the contact"))
        }
        fields["name"] = .text(name)
        if let title = title ?? role { fields["title"] = .text(title) }
        if let company = organization.first, !company.isEmpty { fields[ImportRow.Reference.company] = .text(company) }
        let extra =
            emails.filter { $0 != email }.map { "Email\(Self.label($0)): \($0.value)" }
            + phones.filter { $0 != phone }.map { "Phone\(Self.label($0)): \($0.value)" }
        let noteText = (notes + extra).joined(separator: "\n")
        if !noteText.isEmpty { fields["notes"] = .text(noteText) }
        let address = addresses.first { $0.types.contains("pref") } ?? addresses.first
        if let address, !address.text.isEmpty { fields["address"] = .text(address.text) }
        if !categories.isEmpty { fields["tags"] = .tags(categories) }
        applyExtensions(to: &fields)
        return .success(ImportRow(kind: .contact, line: line, fields: fields, id: recordID(fields)))
    }

    private func applyExtensions(to fields: inout [String: FieldValue]) {
        if let external = extensions["EXTERNAL-ID"] { fields["external_id"] = .text(external) }
        if let owner = extensions["OWNER"] { fields[ImportRow.Reference.ownerEmail] = .text(owner) }
        if let created = extensions["CREATED"].flatMap({ Int64($0) }) { fields["created_at"] = .integer(created) }
        for (name, value) in otherExtensions {
            let key = FieldDefinition.key(for: name)
            if !key.isEmpty { fields[FieldDefinition.prefix + key] = .text(value) }
        }
        for (name, value) in extensions {
            if let key = Self.customKey(extension: name) { fields[FieldDefinition.prefix + key] = .text(value) }
        }
    }

    /// The `X-CRM-*` extension name of a custom field's key: `renewal_date` → `CUSTOM-RENEWAL-DATE`
    /// (vCard property names hold letters, digits and `-`; keys never hold `-`).
    public static func customExtension(key: String) -> String? {
        guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return "CUSTOM-" + key.uppercased().replacingOccurrences(of: "_", with: "-")
    }

    /// The custom field's key of an `X-CRM-CUSTOM-*` extension name, or nil for another extension.
    static func customKey(extension name: String) -> String? {
        let upper = name.uppercased()
        guard upper.hasPrefix("CUSTOM-"), upper.count > 7 else { return nil }
        return upper.dropFirst(7).lowercased().replacingOccurrences(of: "-", with: "_")
    }

    private func recordID(_ fields: [String: FieldValue]) -> RecordID? {
        guard let uid, !uid.isEmpty else { return nil }
        let bare = uid.lowercased().hasPrefix("urn:uuid:") ? String(uid.dropFirst(9)) : uid
        return RecordID(bare) ?? RecordID.stable(namespace: Self.namespace, name: uid)
    }

    static func label(_ typed: Typed) -> String {
        typed.types.isEmpty ? "" : " (\(typed.types.joined(separator: ", ")))"
    }

    /// FN, else the N parts in reading order, else the organisation.
    public var displayName: String? {
        if let formattedName, !formattedName.trimmed().isEmpty {
            return formattedName.trimmed()
        }
        let parts = nameParts + Array(repeating: "", count: max(0, 5 - nameParts.count))
        let reading = [parts[3], parts[1], parts[2], parts[0], parts[4]].filter { !$0.isEmpty }.joined(separator: " ")
        if !reading.isEmpty { return reading }
        return organization.first.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A vCard 4.0 card for a stored contact.
    ///
    /// `company` and `ownerEmail` are the resolved names of the contact's references.
    public init(contactID: RecordID, fields: [String: FieldValue], company: String?, ownerEmail: String?) {
        self.init(line: 0)
        uid = "urn:uuid:\(contactID.rawValue)"
        formattedName = fields["name"]?.text
        let words = (formattedName ?? "").split(separator: " ").map(String.init)
        nameParts = [words.last ?? "", words.dropLast().joined(separator: " "), "", "", ""]
        if let email = fields["email"]?.text { emails = [Typed(email)] }
        if let phone = fields["phone"]?.text { phones = [Typed(phone)] }
        if let company { organization = [company] }
        title = fields["title"]?.text
        if let notes = fields["notes"]?.text { self.notes = [notes] }
        if let address = fields["address"]?.text { addresses = [Address(components: ["", "", address])] }
        if case .tags(let tags)? = fields["tags"] { categories = tags }
        if let external = fields["external_id"]?.text { extensions["EXTERNAL-ID"] = external }
        if let ownerEmail { extensions["OWNER"] = ownerEmail }
        if case .integer(let millis)? = fields["created_at"] { extensions["CREATED"] = String(millis) }
    }
}
