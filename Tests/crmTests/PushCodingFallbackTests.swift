// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

/// `crm sync` against a server that stops taking zstd pushes after the login (a downgrade, played
/// by `FaultProxy` in front of the real `crm-server`): the refused push goes again in gzip, and the
/// device pushes gzip until its next login (Docs/SYNC.md "Push codings").
@Suite(.serialized) struct PushCodingFallbackTests {
    static func pushEncoding(_ cli: CLI) throws -> String? {
        try DatabaseQueue(path: cli.db).read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'sync.push_encoding'")
        }
    }

    @Test func aZstdPushRefusedByADowngradedServerGoesAgainInGzip() throws {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: [("ana", "manager")])
        try server.start()
        let proxy = try FaultProxy(target: server.port, seed: 1)
        proxy.setFaulty(false)
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        try cli.ok("init", "--user", "ana")
        let login = try cli.run(
            "sync", "login", "--server", proxy.url, "--tenant", "acme", "--user", "ana", input: "ana-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        #expect(try Self.pushEncoding(cli) == "zstd")
        proxy.setRefusingZstd(true)
        // Three new contacts: a push well past the size below which a body goes plain.
        for name in ["Zoë Ångström", "Ana Lima", "Ben Okafor"] {
            try cli.ok("contact", "add", "--name", name, "--email", "\(name.count)@example.com")
        }
        try cli.ok("sync", "--once")
        #expect(proxy.refusedZstd == 1, "the first push went zstd and was refused once")
        #expect(try Self.pushEncoding(cli) == nil)
        #expect(try cli.ok("sync", "status", "--json").object["pending"] as? Int == 0)
        let metrics = try server.get("/metrics")
        #expect(metrics.contains(#"crm_push_bodies_total{encoding="zstd"} 0"#), "\(metrics)")
        #expect(!metrics.contains(#"crm_push_bodies_total{encoding="gzip"} 0"#), "\(metrics)")
        // Later pushes go gzip at once: the proxy refuses nothing more.
        try cli.ok("contact", "add", "--name", "Dee Ramos", "--email", "dee@example.com", "--phone", "+1 555 0100")
        try cli.ok("sync", "--once")
        #expect(proxy.refusedZstd == 1)
    }
}
