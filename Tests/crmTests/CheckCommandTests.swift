// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// After a failed `crm check` writes are refused until a check passes or the person allows them.
@Suite struct CheckCommandTests {
    /// Zeroes the one page of index `name` in the (checkpointed, closed) database file.
    static func zeroIndexPage(_ path: String, _ name: String) throws {
        let page = try StoreAccessCommandTests.sqlite(path, "SELECT pageno FROM dbstat WHERE name = '\(name)' LIMIT 1")
        let pageSize = try StoreAccessCommandTests.sqlite(path, "PRAGMA page_size")
        let number = try #require(Int(page))
        let size = try #require(Int(pageSize))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((number - 1) * size))
        try handle.write(contentsOf: Data(count: size))
        try handle.close()
    }

    @Test func writesAreRefusedAfterAFailedCheckUntilAllowed() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        try cli.ok("contact", "add", "--name", "Before Damage")
        try Self.zeroIndexPage(cli.db, "cases_by_status")

        let check = try cli.run("check")
        #expect(check.code == 65, "\(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("Writes are refused until `crm check` passes"))

        let refused = try cli.run("contact", "add", "--name", "After Damage")
        #expect(refused.code == 65)
        #expect(refused.stderr.contains("the last `crm check` of"))
        #expect(refused.stderr.contains("crm check --allow-writes"))
        #expect(try cli.ok("contact", "list").stdout.contains("Before Damage"), "reads still work")

        let allowed = try cli.run("check", "--allow-writes", "--json")
        #expect(allowed.code == 65)
        #expect(allowed.object["writes_allowed"] as? Bool == true)
        try cli.ok("contact", "add", "--name", "Written Anyway")
        #expect(try cli.count("contact") == 2)
    }
}
