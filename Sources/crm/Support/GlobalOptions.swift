// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMStore
import Foundation

/// Options every command takes: which database, and JSON output.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file (default $CRM_DB, else $XDG_DATA_HOME/crm/crm.sqlite).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Print JSON (snake_case keys) instead of a table.")
    var json = false

    @Flag(
        name: .long,
        help: "Write commands: print only the record's id on stdout, without the sentence on stderr.")
    var quiet = false

    /// The database path after --db, $CRM_DB and the XDG default.
    func databasePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let db { return db }
        if let path = environment["CRM_DB"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        let folder = data + "/crm"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/crm.sqlite"
    }

    /// Opens the store; `CRM_NOW` (ISO time) pins the clock for reproducible scripts and tests.
    ///
    /// `allowEmpty` is for `crm init`, the one command that may turn a zero-byte file into a database.
    func openStore(allowEmpty: Bool = false) throws -> Store {
        try withPeople(try openDatabase(allowEmpty: allowEmpty, reading: false))
    }

    /// Opens the database for a command that only reads (lists, shows, search, reports,
    /// export): one connection, unless something is due on open (`Store.openForReading`).
    func openStoreForReading() throws -> Store {
        try withPeople(try openDatabase(allowEmpty: false, reading: true))
    }

    private func withPeople(_ store: Store) throws -> Store {
        let names = try store.userNames()
        People.directory.withLock { $0 = names }
        return store
    }

    private func openDatabase(allowEmpty: Bool, reading: Bool) throws -> Store {
        let path = try databasePath()
        Failure.databasePath = path
        var now = Store.systemNow
        if let pinned = ProcessInfo.processInfo.environment["CRM_NOW"], !pinned.isEmpty {
            guard let millis = Clock.parse(pinned) else {
                throw Failure.usage("CRM_NOW '\(pinned)' is not an ISO time")
            }
            now = { millis }
        }
        if reading {
            return try Store.openForReading(
                path: path, now: now, onUpgrade: { Self.announce(path, $0) }, onWait: { Self.announceWait(path) })
        }
        return try Store.open(
            path: path, now: now, allowEmpty: allowEmpty, onUpgrade: { Self.announce(path, $0) },
            onWait: { Self.announceWait(path) })
    }

    /// Says on stderr that a write is waiting for another process, and which one.
    static func announceWait(_ path: String) {
        let pid = Store.writerProcess(path: path).map { " (pid \($0))" } ?? ""
        Output.error("crm: waiting for another process\(pid) writing to \(path); giving up after 10 s\n")
    }

    /// Says on stderr why the first command after an upgrade may pause (scripts read stdout only).
    static func announce(_ path: String, _ migrations: [String]) {
        let text =
            "crm: upgrading \(path) for this version (\(migrations.joined(separator: ", "))); "
            + "on a large database this takes up to a minute, once\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
