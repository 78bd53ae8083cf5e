// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

/// kill -9 of the real binary at a random moment of a bulk load, an import or a merge, then
/// `crm check`: whatever was interrupted, the next open repairs it and every invariant holds.
///
/// `CRM_FAULT_RUNS` sets the runs per kind (1 in `make test`, 50 in `make fuzz`); the moments
/// come from `CRM_FUZZ_SEED`, named in every failure.
@Suite(.serialized) struct FaultInjectionTests {
    static let runs = ProcessInfo.processInfo.environment["CRM_FAULT_RUNS"].flatMap(Int.init) ?? 1
    static let seed = ProcessInfo.processInfo.environment["CRM_FUZZ_SEED"].flatMap(UInt64.init) ?? 22

    /// A moment between 50 ms and `maximum` ms, drawn from the seed and the run.
    static func moment(_ run: Int, salt: UInt64, maximum: UInt64) -> useconds_t {
        var state = seed &+ salt &+ UInt64(run) &* 0x9E37_79B9_7F4A_7C15
        state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        return useconds_t((50 + (state ^ (state >> 31)) % (maximum - 50)) * 1000)
    }

    /// Starts `crm arguments…`, kills it with SIGKILL after `delay` (if still running).
    static func killed(_ cli: CLI, _ arguments: [String], after delay: useconds_t) throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["--db", cli.db] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func expectHealthy(_ cli: CLI, _ label: String) throws {
        let check = try cli.run("check")
        #expect(check.code == 0, "\(label): crm check after kill -9: \(check.stdout) \(check.stderr)")
        let list = try cli.run("contact", "list", "--json", "--limit", "5")
        #expect(list.code == 0, "\(label): \(list.stderr)")
        #expect(try cli.run("contact", "add", "--name", "After The Crash").code == 0, "\(label): writes work again")
    }

    @Test func aDemoLoadKilledAnywhereLeavesACheckedDatabase() throws {
        for run in 0..<Self.runs {
            let cli = try CLI()
            try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
            let delay = Self.moment(run, salt: 1, maximum: 5000)
            try Self.killed(cli, ["demo", "--contacts", "10000", "--seed", "\(run)"], after: delay)
            try Self.expectHealthy(cli, "demo run \(run), killed after \(delay / 1000) ms, seed \(Self.seed)")
        }
    }

    @Test func anImportKilledAnywhereLeavesACheckedDatabase() throws {
        let rows = (1...20_000).map {
            "Person \($0),person\($0)@example.com,+1 555 \(String(format: "%04d", $0 % 10_000))"
        }
        for run in 0..<Self.runs {
            let cli = try CLI()
            try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
            let file = cli.folder.appendingPathComponent("people.csv")
            try ("name,email,phone\n" + rows.joined(separator: "\n") + "\n").write(
                to: file, atomically: true, encoding: .utf8)
            let delay = Self.moment(run, salt: 2, maximum: 1500)
            try Self.killed(cli, ["import", "csv", file.path, "--kind", "contact"], after: delay)
            try Self.expectHealthy(cli, "import run \(run), killed after \(delay / 1000) ms, seed \(Self.seed)")
        }
    }

    /// A merge of duplicates killed part-way leaves every pair merged or not merged, never half,
    /// and the server ends with what the device has: after `crm check`, the device syncs to a
    /// real `crm-server` and must hold exactly what a fresh device pulls from it, both after the
    /// interrupted merge and after merging again, which ends with one contact per person.
    @Test func aMergeKilledAnywhereLeavesACheckedDatabaseTheServerAgreesWith() throws {
        let people = 600
        // Two records per person with different emails (the import would match one email) and the
        // same phone, which dedupe pairs; merging 600 pairs takes about a second in a debug build.
        let rows = (1...people).flatMap { n in
            let phone = "+1 555 \(String(format: "%04d", n))"
            return ["Person \(n),person\(n)@example.com,\(phone)", "Person \(n),p\(n)@other.example,\(phone)"]
        }
        for run in 0..<Self.runs {
            let server = try ServerProcess()
            try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
            try server.start()
            let cli = try Self.device(server, user: "ana")
            let file = cli.folder.appendingPathComponent("twice.csv")
            try ("name,email,phone\n" + rows.joined(separator: "\n") + "\n").write(
                to: file, atomically: true, encoding: .utf8)
            try cli.ok("import", "csv", file.path, "--kind", "contact")
            try cli.ok("sync", "--once")
            #expect(try cli.count("contact") == 2 * people)
            let delay = Self.moment(run, salt: 3, maximum: 1000)
            try Self.killed(cli, ["dedupe", "--kind", "contact", "--apply"], after: delay)
            let label = "merge run \(run), killed after \(delay / 1000) ms, seed \(Self.seed)"
            let check = try cli.run("check")
            #expect(check.code == 0, "\(label): crm check after kill -9: \(check.stdout) \(check.stderr)")
            try cli.ok("sync", "--once")
            let fresh = try Self.device(server, user: "ben")
            try fresh.ok("sync", "--once")
            try Self.expectSame(cli, fresh, "\(label), after the kill")
            try cli.ok("dedupe", "--kind", "contact", "--apply")
            #expect(try cli.count("contact") == people, "\(label): one contact per person after merging again")
            try cli.ok("sync", "--once")
            try fresh.ok("sync", "--once")
            try Self.expectSame(cli, fresh, "\(label), after merging again")
            #expect(try fresh.count("contact") == people, "\(label): the server has one contact per person")
        }
    }

    /// A device of `user` on `server`: its own database and config folder, logged in.
    static func device(_ server: ServerProcess, user: String) throws -> CLI {
        try CLI.device(on: server, user: user)
    }

    /// Every contact and activity, live or deleted, of `device` and `fresh` must be the same.
    static func expectSame(_ device: CLI, _ fresh: CLI, _ label: String) throws {
        let (mine, theirs) = (try records(device.db), try records(fresh.db))
        #expect(
            mine.count == theirs.count, "\(label): \(mine.count) records on the device, \(theirs.count) on a fresh one")
        let differing = zip(mine, theirs).first { $0.0 != $0.1 }
        #expect(differing == nil, "\(label): the device holds \(differing?.0 ?? ""), a fresh one \(differing?.1 ?? "")")
    }

    /// The contacts and activities of the database at `path`, as comparable lines.
    static func records(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, email, phone, deleted FROM contacts ORDER BY id").map {
                "contact \($0["id"] as String)|\($0["name"] as String)|\($0["email"] as String? ?? "")|"
                    + "\($0["phone"] as String? ?? "")|\($0["deleted"] as Int)"
            }
                + Row.fetchAll(
                    db, sql: "SELECT id, subject, body, contact_id, deleted FROM activities ORDER BY id"
                ).map {
                    "activity \($0["id"] as String)|\($0["subject"] as String)|\($0["body"] as String? ?? "")|"
                        + "\($0["contact_id"] as String? ?? "")|\($0["deleted"] as Int)"
                }
        }
    }
}
