// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// https end to end: the real `crm-server serve --tls-cert --tls-key` and real `crm` devices.
@Suite(.serialized) struct TLSSyncTests {
    /// A TLS server with ana and ben, and the certificates it serves.
    func server() throws -> (ServerProcess, TestCertificates) {
        let server = try ServerProcess()
        let certificates = try TestCertificates(in: server.folder.appendingPathComponent("tls"))
        try server.provision(tenant: "acme", users: [("ana", "manager"), ("ben", "manager")])
        try server.start(tls: (certificates.serverCertificate, certificates.serverKey))
        return (server, certificates)
    }

    /// A device logging in to `server`, trusting `caCertificate` when given.
    func device(_ server: ServerProcess, user: String, caCertificate: String?) throws -> (CLI, CLI.Result) {
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        try cli.ok("init", "--user", user)
        var arguments = ["sync", "login", "--server", server.url, "--tenant", "acme", "--user", user]
        if let caCertificate { arguments += ["--ca-cert", caCertificate] }
        let login = try cli.run(arguments: ["--db", cli.db] + arguments, input: "\(user)-secret\n")
        return (cli, login)
    }

    @Test func devicesSyncOverHTTPSWithTheServersCA() throws {
        let (server, certificates) = try server()
        #expect(server.url.hasPrefix("https://127.0.0.1:"))
        let (a, loginA) = try device(server, user: "ana", caCertificate: certificates.caCertificate)
        #expect(loginA.code == 0, "\(loginA.stderr)")
        let (b, loginB) = try device(server, user: "ben", caCertificate: certificates.caCertificate)
        #expect(loginB.code == 0, "\(loginB.stderr)")
        let id = try a.ok("contact", "add", "--name", "Tess Ellis", "--email", "tess@example.com").trimmed
        try a.ok("sync", "--once")
        try b.ok("sync", "--once")
        #expect(try b.ok("contact", "show", id, "--json").object["email"] as? String == "tess@example.com")
        try b.ok("contact", "edit", id, "--title", "CISO")
        try b.ok("sync", "--once")
        try a.ok("sync", "--once")
        #expect(try a.ok("contact", "show", id, "--json").object["title"] as? String == "CISO")
        #expect(try a.ok("sync", "status", "--json").object["pending"] as? Int == 0)
    }

    @Test func aClientWithoutTheCAIsRefusedNamingTLSAndTheOption() throws {
        let (server, _) = try server()
        let strangers = try TestCertificates(in: server.folder.appendingPathComponent("other-ca"))
        for caCertificate in [nil, strangers.caCertificate] {
            let (cli, login) = try device(server, user: "ana", caCertificate: caCertificate)
            #expect(login.code == 69, "EX_UNAVAILABLE; stderr: \(login.stderr)")
            #expect(login.stderr.contains("TLS"), "\(login.stderr)")
            #expect(login.stderr.contains("certificate"), "\(login.stderr)")
            #expect(login.stderr.contains("--ca-cert"), "\(login.stderr)")
            #expect(try cli.ok("sync", "status", "--json").object["logged_in"] as? Bool == false)
        }
    }

    @Test func serveRefusesMissingOrBadTLSFilesNamingThem() throws {
        let server = try ServerProcess()
        let certificates = try TestCertificates(in: server.folder.appendingPathComponent("tls"))
        let serve = ["serve", "--host", "127.0.0.1", "--port", "0"]
        let missing = server.folder.appendingPathComponent("no-such.pem").path
        let gone = try server.runToExit(serve + ["--tls-cert", missing, "--tls-key", certificates.serverKey])
        #expect(gone.code == 66, "EX_NOINPUT; stderr: \(gone.stderr)")
        #expect(gone.stderr.contains(missing) && gone.stderr.contains("does not exist"), "\(gone.stderr)")

        let garbage = server.folder.appendingPathComponent("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        let bad = try server.runToExit(serve + ["--tls-cert", garbage.path, "--tls-key", certificates.serverKey])
        #expect(bad.code == 65, "EX_DATAERR; stderr: \(bad.stderr)")
        #expect(bad.stderr.contains(garbage.path) && bad.stderr.contains("not a PEM"), "\(bad.stderr)")

        let badKey = try server.runToExit(
            serve + ["--tls-cert", certificates.serverCertificate, "--tls-key", garbage.path])
        #expect(badKey.code == 65, "\(badKey.stderr)")
        #expect(badKey.stderr.contains("TLS private key") && badKey.stderr.contains(garbage.path), "\(badKey.stderr)")

        let otherKey = try server.runToExit(
            serve + ["--tls-cert", certificates.serverCertificate, "--tls-key", certificates.caKey])
        #expect(otherKey.code == 65, "\(otherKey.stderr)")
        #expect(otherKey.stderr.contains("does not fit"), "\(otherKey.stderr)")

        let half = try server.runToExit(serve + ["--tls-cert", certificates.serverCertificate])
        #expect(half.code == 64, "\(half.stderr)")
        #expect(half.stderr.contains("--tls-key"), "\(half.stderr)")
    }
}
