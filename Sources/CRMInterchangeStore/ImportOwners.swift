// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// What an import does with a person the file names as owner who is not a team member yet.
public enum OwnerPolicy: String, Sendable, CaseIterable {
    /// Creates them as inactive team members, so their records and the leaderboard keep their
    /// names while nobody can log in as them (the default on a device that does not sync).
    case create
    /// Links owners to existing team members only (by the Users file's email or name); the rest
    /// are reported and their references kept until the member exists.
    case existingOnly = "existing-only"
    /// A synced device: the server is the team directory's authority, so nobody is created here;
    /// the report lists the `crm-server user add` lines for the admin.
    case admin
}

/// A person the import could not make a team member of, for the report.
public struct MissingOwner: Sendable, Hashable, Codable {
    public var name: String
    public var email: String?

    public init(name: String, email: String?) {
        self.name = name
        self.email = email
    }

    /// The server's admin commands that add this person as an inactive member (SYNC.md: the
    /// server is the only writer of the team directory).
    public func serverCommands(tenant: String) -> [String] {
        let email = self.email.map { " --email \(Self.quoted($0))" } ?? ""
        return [
            "echo \"$PASSWORD\" | crm-server user add --tenant \(Self.quoted(tenant)) --name \(Self.quoted(name)) "
                + "--role rep\(email)",
            "crm-server user deactivate --tenant \(Self.quoted(tenant)) \(Self.quoted(name))",
        ]
    }

    static func quoted(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "@._-".contains($0) }
            ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Resolves the owners an import names to team members, creating them (inactive) when the
/// policy allows, and imports a Users file.
///
/// Team members are local records (`users`, never pushed), so creating or renaming them adds no
/// change-log entry; which source user id became which member is kept in `import_users`, so an
/// `OwnerId` in a file imported before or after the Users file finds the same member.
struct ImportOwners {
    let recorder: ChangeRecorder
    let cache: References.Cache
    let policy: OwnerPolicy

    /// The member a source user id (`OwnerId`) is, or nil when there is none and the policy lets
    /// the import create nobody.
    ///
    /// Created, the member is named by the source id
    /// until the Users file gives the real name.
    func member(source: String) throws -> RecordID? {
        if let cached = cache.sourceUsers[source] { return cached }
        if let linked = try recorder.importedUser(source: source) {
            cache.sourceUsers[source] = linked
            return linked
        }
        guard policy == .create else { return nil }
        let id = Self.id(source: source)
        if try !recorder.exists(.user, id) {
            try recorder.create(.user, id: id, ["name": .text(source), "role": .text("rep"), "active": .bool(false)])
        }
        try recorder.linkImportedUser(source: source, to: id)
        cache.sourceUsers[source] = id
        return id
    }

    /// The member an owner email or name is (a file that names owners itself: HubSpot's
    /// `Deal owner`, Pipedrive's `Deal - Owner`), created inactive under `.create`.
    func member(handle: String, missing: inout Set<MissingOwner>) throws -> RecordID? {
        if let found = try References(recorder: recorder, cache: cache).user(handle) { return found }
        let email = handle.contains("@") ? handle.lowercased() : nil
        guard policy == .create else {
            missing.insert(MissingOwner(name: handle, email: email))
            return nil
        }
        let id = RecordID.stable(namespace: "import:user", name: handle.lowercased())
        var fields: [String: FieldValue] = ["name": .text(handle), "role": .text("rep"), "active": .bool(false)]
        if let email { fields["email"] = .text(email) }
        if try !recorder.exists(.user, id) { try recorder.create(.user, id: id, fields) }
        cache.users[handle.lowercased()] = id
        return id
    }

    /// Imports one row of a Users file, creating the member (inactive) under `.create`.
    ///
    /// Links its source id to the member with that id, email or name, if there is one. A member the import created
    /// before it knew the name (named by the source id) takes the file's name and email; a
    /// member who was there before keeps theirs.
    func importUser(_ row: ImportRow, missing: inout Set<MissingOwner>) throws -> ImportOutcome {
        guard let name = row[text: "name"] else { return .skipped("no name") }
        let email = row[text: "email"]
        let source = row[text: "external_id"]
        let references = References(recorder: recorder, cache: cache)
        var existing = try source.flatMap { try recorder.importedUser(source: $0) }
        if existing == nil, let id = source.map(Self.id(source:)), try recorder.exists(.user, id) { existing = id }
        if existing == nil, let email { existing = try references.user(email) }
        if existing == nil { existing = try references.user(name) }
        if let existing {
            if let source { try link(source, to: existing) }
            guard let stored = try recorder.record(.user, existing), stored.fields["name"]?.text == source else {
                return .unchanged
            }
            var fields: [String: FieldValue] = ["name": .text(name)]
            if let email { fields["email"] = .text(email) }
            return try recorder.update(.user, id: existing, fields) ? .updated : .unchanged
        }
        guard policy == .create else {
            missing.insert(MissingOwner(name: name, email: email))
            let how = policy == .admin ? "the server's admin adds them (see the report)" : "add them to the team"
            return .skipped("'\(name)' is not a team member (--owners \(policy.rawValue)): \(how), then import again")
        }
        let id = source.map(Self.id(source:)) ?? recorder.newID()
        var fields: [String: FieldValue] = ["name": .text(name), "role": .text("rep"), "active": .bool(false)]
        if let email { fields["email"] = .text(email) }
        try recorder.create(.user, id: id, fields)
        if let source { try link(source, to: id) }
        return .created
    }

    /// The id of the member made for a source user id, whichever file named them first (an
    /// `OwnerId` or the Users file), so both orders make the same member.
    static func id(source: String) -> RecordID { RecordID.stable(namespace: "import:user", name: source) }

    private func link(_ source: String, to id: RecordID) throws {
        try recorder.linkImportedUser(source: source, to: id)
        cache.sourceUsers[source] = id
    }
}
