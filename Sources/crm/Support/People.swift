// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync
import Foundation
import Synchronization

/// Owners, assignees and list filters by person: given by name, email or `me`.
///
/// One place for the rule "a new record belongs to whoever creates it unless told otherwise",
/// which every add command shares, and for the team's names in lists and reports.
enum People {
    /// The team's names by id, read once per process when the database opens, so JSON output
    /// can put each person's name beside their id without a store at hand.
    static let directory = Mutex<[RecordID: String]>([:])

    /// The owner a user gave: `none` or `-` for nobody, else an active teammate; nil when not
    /// given (a new record then belongs to the current user: `Store.add`).
    static func owner(_ handle: String?, in store: Store) throws -> OwnerChoice? {
        guard let handle else { return nil }
        if ["none", "-"].contains(handle.lowercased()) { return OwnerChoice.nobody }
        return .person(try store.resolveUser(handle, forNewWork: true))
    }

    /// A person new work goes to: `none` or `-` for nobody, else an active teammate.
    static func assignee(_ handle: String, in store: Store) throws -> FieldValue {
        if ["none", "-"].contains(handle.lowercased()) { return .null }
        return .text(try store.resolveUser(handle, forNewWork: true).rawValue)
    }

    /// A list filter: `none` for records without anyone, else the person (active or not).
    static func filter(_ handle: String?, in store: Store) throws -> PersonFilter? {
        guard let handle else { return nil }
        if ["none", "-"].contains(handle.lowercased()) { return PersonFilter.nobody }
        return .person(try store.resolveUser(handle))
    }

    /// The person's name for people to read ("" for nobody, "(unknown user)" for an id this
    /// device has not heard of yet: the team directory comes with the next sync).
    static func name(_ id: RecordID?, _ names: [RecordID: String]) -> String {
        guard let id else { return "" }
        return names[id] ?? "(unknown user)"
    }

    /// The person's name from the directory read when the database opened.
    static func name(_ id: RecordID?) -> String {
        name(id, directory.withLock { $0 })
    }

    /// Warns, before any sync, that the server will refuse a record of `kind` from this user.
    static func warnIfRoleForbids(_ kind: EntityKind, in store: Store) throws {
        guard let text = try store.syncSetting("role"), let role = Role(rawValue: text), !role.allows(kind) else {
            return
        }
        FileHandle.standardError.write(
            Data(
                ("crm: warning: your role '\(role.rawValue)' may not write \(kind.label) records; the server will "
                    + "refuse this one when you sync (crm sync refused lists refusals)\n").utf8))
    }
}
