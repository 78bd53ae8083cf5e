// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// `crm case reply` → outbox → `crm mail send` against a real SMTP server on loopback (aiosmtpd).
@Suite(.enabled(if: SMTPTestServer.available, "needs aiosmtpd in .build/mail-venv: run make mail-venv"))
struct MailSendCommandTests {
    static let gmailID = "CAH_ZkVmUSM8t2JxgqcuLCQ8d+R_hkKpNHTubJOQK07y=36+d4Q@mail.gmail.com"

    /// A database with case #1 opened by the real Gmail message, and a mail configuration for `port`.
    static func desk(port: Int, auth: Bool = true) throws -> (CLI, String) {
        let cli = try CLI()
        try cli.ok("init", "--user", "Agent Smith")
        let mbox = cli.folder.appendingPathComponent("in.mbox")
        try MailImportCommandTests.fixture("gmail-alternative.eml").write(to: mbox)
        try cli.ok("mail", "import", mbox.path)
        let config = cli.folder.appendingPathComponent("mail.conf")
        try Data(
            """
            # the test server
            host = 127.0.0.1
            port = \(port)
            from = Support <support@example.com>
            \(auth ? "user = agent" : "")
            tls = starttls

            """.utf8
        ).write(to: config)
        cli.environment["CRM_MAIL_CONFIG"] = config.path
        cli.environment["CRM_SMTP_PASSWORD"] = "secret"
        return (cli, config.path)
    }

    @Test func aReplyIsDeliveredOnceWithThreadingHeadersAndTheAnswerThreadsBack() throws {
        let server = try SMTPTestServer.started()
        defer { server.stop() }
        let (cli, _) = try Self.desk(port: server.port)
        try cli.ok("case", "reply", "#1", "Bonjour, le fichier est bien arrivé.")
        let queued = try cli.ok("mail", "outbox", "--json").array
        #expect(queued.map { $0["state"] as? String } == ["queued"])
        let messageID = queued.first?["message_id"] as? String ?? ""
        #expect(messageID.hasSuffix("@example.com"))

        #expect(try cli.ok("mail", "send", "--json").object["sent"] as? Int == 1)
        #expect(try cli.ok("mail", "send", "--json").object["sent"] as? Int == 0, "nothing is sent twice")
        let delivered = try server.messages()
        #expect(delivered.count == 1)
        let mail = delivered.first ?? ""
        #expect(mail.contains("Message-ID: <\(messageID)>\r\n"))
        #expect(mail.contains("In-Reply-To: <\(Self.gmailID)>\r\n"))
        #expect(mail.contains("References: <\(Self.gmailID)>\r\n"))
        #expect(mail.contains("To: name@company.com\r\n"))
        #expect(mail.contains("Bonjour, le fichier est bien arriv=C3=A9."))
        #expect(try cli.ok("mail", "outbox", "--json").array.first?["state"] as? String == "sent")

        // The customer answers our reply: it lands on case #1 by its In-Reply-To.
        let answer = cli.folder.appendingPathComponent("answer.mbox")
        try Data(
            """
            From name@company.com Sat Jan  1 00:00:00 2026
            From: Name <name@company.com>
            Subject: Re: Mail avec fichier attaché de 1ko
            Message-ID: <answer-1@company.com>
            In-Reply-To: <\(messageID)>

            Merci !

            """.utf8
        ).write(to: answer)
        #expect(try cli.ok("mail", "import", answer.path, "--json").object["replies"] as? [Int] == [1])
        let item = try cli.ok("case", "show", "#1", "--json").object
        #expect(item["first_response_sla"] as? String == "met")
    }

    @Test func whileTheServerIsDownTheReplyStaysQueuedAndGoesWhenItIsBack() throws {
        let server = try SMTPTestServer.started()
        let port = server.port
        server.stop()
        let (cli, _) = try Self.desk(port: port)
        try cli.ok("case", "reply", "#1", "We are on it")
        let down = try cli.run("mail", "send", "--attempts", "2")
        #expect(down.code == 75, "\(down.stderr)")
        let entry = try cli.ok("mail", "outbox", "--json").array.first ?? [:]
        #expect(entry["state"] as? String == "queued")
        #expect((entry["error"] as? String ?? "").contains("cannot reach the SMTP server 127.0.0.1:\(port)"))
        #expect(entry["attempts"] as? Int == 0, "no attempt reached the point of sending")

        try server.start(port: port)
        defer { server.stop() }
        #expect(try cli.ok("mail", "send", "--json").object["sent"] as? Int == 1)
        #expect(try server.messages().count == 1)
        #expect(try cli.ok("mail", "outbox", "--json").array.first?["state"] as? String == "sent")
    }

    @Test func killNineAfterTheServerAcceptedDoesNotSendTwice() throws {
        let server = try SMTPTestServer.started()
        defer { server.stop() }
        let (cli, _) = try Self.desk(port: server.port)
        try cli.ok("case", "reply", "#1", "We are on it")
        let hold = cli.folder.appendingPathComponent("accepted").path
        let sender = Process()
        sender.executableURL = CLI.binary
        sender.arguments = ["--db", cli.db, "mail", "send"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(cli.environment) { $1 }
        environment["CRM_MAIL_TEST_HOLD_AFTER_ACCEPT"] = hold
        sender.environment = environment
        sender.standardOutput = FileHandle.nullDevice
        sender.standardError = FileHandle.nullDevice
        try sender.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: hold), Date() < deadline, sender.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: hold), "the sender reached the moment after acceptance")
        kill(sender.processIdentifier, SIGKILL)
        sender.waitUntilExit()
        #expect(try server.messages().count == 1, "the server has it")
        #expect(try cli.ok("mail", "outbox", "--json").array.first?["state"] as? String == "sending")

        let again = try cli.run("mail", "send", "--json")
        #expect(again.code == 0)
        #expect(again.stderr.contains("marked unknown, not resent"))
        #expect(try server.messages().count == 1, "sent once, not twice")
        let entry = try cli.ok("mail", "outbox", "--json").array.first ?? [:]
        #expect(entry["state"] as? String == "unknown")
        #expect((entry["error"] as? String ?? "").contains("check before retrying"))
    }

    @Test func startTLSIsRequiredAndVerifiedBeforeAuth() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crm-smtp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try TestCertificates(in: folder.appendingPathComponent("tls"))
        let server = SMTPTestServer(
            spool: folder.appendingPathComponent("spool"),
            arguments: [
                "--auth", "agent:secret", "--tls", certificates.serverCertificate, certificates.serverKey,
                "--require-tls",
            ])
        try server.start()
        defer { server.stop() }
        let (cli, config) = try Self.desk(port: server.port)
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "host = 127.0.0.1", with: "host = localhost")
            .replacingOccurrences(of: "tls = starttls", with: "tls = required\nca_file = \(certificates.caCertificate)")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        try cli.ok("case", "reply", "#1", "Over TLS")
        #expect(try cli.ok("mail", "send", "--json").object["sent"] as? Int == 1)
        #expect(try server.messages().count == 1)
    }

    @Test func aPasswordFileOthersCanReadIsRefused() throws {
        let (cli, config) = try Self.desk(port: 1)
        let secret = cli.folder.appendingPathComponent("password")
        try Data("secret\n".utf8).write(to: secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret.path)
        try (String(contentsOfFile: config, encoding: .utf8) + "password_file = \(secret.path)\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        cli.environment["CRM_SMTP_PASSWORD"] = nil
        let refused = try cli.run("mail", "send")
        #expect(refused.code == 64)
        #expect(refused.stderr.contains("group or others may read it (mode 644); run chmod 600 \(secret.path)"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        #expect(try cli.run("mail", "send").code == 0, "nothing queued: nothing to send")
    }
}
