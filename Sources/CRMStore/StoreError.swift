// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// What went wrong in the local store, with the record, path or rule at fault.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderMissing(path: String)
    case notADatabase(path: String)
    case newerSchema(path: String, unknown: [String])
    case notFound(kind: EntityKind, handle: String)
    case ambiguous(kind: EntityKind, handle: String, candidates: [String])
    case invalid(DomainError)
    case unknownField(kind: EntityKind, field: String)
    case missingRequired(kind: EntityKind, field: String)
    case conflict(String)
    case fileExists(path: String)
    /// New work given to a teammate the admin deactivated.
    case inactiveUser(name: String, active: [String])
    /// The file may not be written (mode, read-only mount); `needing` says what was refused.
    case readOnly(path: String, needing: String)
    /// Another process held the write lock for the whole busy timeout; `pid` if it could be named.
    case busy(path: String, pid: Int32?)
    case emptyFile(path: String)
    /// SQLite found the file damaged; `detail` is its own words.
    case corrupt(path: String, detail: String)
    /// The disk (or quota) is full, or the operating system failed a read or write.
    case io(path: String, detail: String)
    /// The last `crm check` found problems; `summary` says how many and the first.
    case checkFailed(path: String, summary: String)

    public var description: String {
        switch self {
        case .folderMissing(let path):
            "database folder '\(path)' does not exist (create it, or pass another --db)"
        case .notADatabase(let path):
            "'\(path)' is not a crm database (not an SQLite file); it was left untouched"
        case .newerSchema(let path, let unknown):
            "'\(path)' was written by a newer crm (schema \(unknown.joined(separator: ", "))); upgrade crm to open it"
        case .notFound(let kind, let handle):
            "no \(kind.label) matches '\(handle)' (use #number, an id prefix, an email or the exact name)"
        case .ambiguous(let kind, let handle, let candidates):
            "'\(handle)' matches several \(kind.plural): \(candidates.joined(separator: "; ")); "
                + (kind == .user ? "give more of the name, or the email" : "use the #number")
        case .invalid(let error):
            error.description
        case .unknownField(let kind, let field):
            "\(kind.label) has no field '\(field)' (fields: \(kind.fields.map(\.name).joined(separator: ", ")))"
        case .missingRequired(let kind, let field):
            "\(field) is required for a \(kind.label)"
        case .conflict(let message):
            message
        case .fileExists(let path):
            "'\(path)' already exists; choose another file or remove it first"
        case .inactiveUser(let name, let active):
            "\(name) was deactivated and can take no new work; assign it to an active teammate"
                + (active.isEmpty ? "" : " (\(active.joined(separator: ", ")))")
        case .readOnly(let path, let needing):
            "'\(path)' is read-only (its file mode, folder or mount), and \(needing) would have to write it; "
                + "lists, searches and reports work, or copy the file somewhere writable"
        case .busy(let path, let pid):
            "another process\(pid.map { " (pid \($0))" } ?? "") kept '\(path)' locked for writing for "
                + "\(Int(StoreAccess.busyTimeout)) s (an import or crm demo?); nothing was changed, try again when it ends"
        case .emptyFile(let path):
            "'\(path)' is an empty file, not a crm database; run `crm init` to make it one, or pass another --db"
        case .corrupt(let path, let detail):
            "'\(path)' is damaged (\(detail)); run `crm check` for the problems, then restore a backup "
                + "(`crm backup` makes one) or set up a fresh device and pull from the sync server"
        case .checkFailed(let path, let summary):
            "the last `crm check` of '\(path)' found \(summary); writes are refused until a check passes: "
                + "recover as `crm check` says, or run `crm check --allow-writes` to write anyway"
        case .io(let path, let detail):
            "could not read or write '\(path)' (\(detail)); free disk space or check the disk, then try again"
        }
    }
}

extension StoreError {
    /// The store's words for an SQLite failure about the file rather than the query.
    ///
    /// Busy, read-only, damaged, full; nil for anything else.
    init?(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path, pid: StoreAccess.writerProcess(path: path))
        case .SQLITE_READONLY: self = .readOnly(path: path, needing: "this command")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(path: path, detail: error.message ?? "malformed")
        case .SQLITE_FULL: self = .io(path: path, detail: "the disk is full")
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: self = .io(path: path, detail: error.message ?? "I/O error")
        default: return nil
        }
    }

    /// The store's words for any SQLite failure, about the file or not; nil for other errors.
    ///
    /// Lets callers above the store report a database failure without GRDB.
    public static func describing(_ error: any Error, path: String?) -> (message: String, aboutFile: StoreError?)? {
        guard let error = error as? DatabaseError else { return nil }
        if let path, let known = StoreError(error, path: path) { return (known.description, known) }
        return ("database: \(error.message ?? error.description)", nil)
    }
}

extension EntityKind {
    /// The plural people use in messages: companies, cases, SLA policies.
    public var plural: String {
        switch self {
        case .company: "companies"
        case .slaPolicy: "SLA policies"
        case .slaCalendar: "SLA calendars"
        case .activity: "activities"
        default: label + "s"
        }
    }

    /// The word people use for this kind in messages.
    public var label: String {
        switch self {
        case .supportCase: "case"
        case .stageChange: "stage change"
        case .slaPolicy: "SLA policy"
        case .slaCalendar: "SLA calendar"
        case .notificationMark: "notification mark"
        default: rawValue
        }
    }
}
