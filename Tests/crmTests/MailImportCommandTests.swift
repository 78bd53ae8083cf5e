// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Testing

/// `crm mail import` on a real Maildir and mbox built from the real messages of CRMMailTests.
@Suite struct MailImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CRMMailTests/Fixtures")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    /// A Maildir with `messages` in new/, in order.
    static func maildir(in cli: CLI, _ name: String, _ messages: [Data]) throws -> String {
        let root = cli.folder.appendingPathComponent(name)
        for folder in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for (index, message) in messages.enumerated() {
            try message.write(to: root.appendingPathComponent("new/\(1_000 + index).crm-test"))
        }
        return root.path
    }

    static func reply(to id: String, subject: String, from: String = "Name <name@company.com>") -> Data {
        Data(
            """
            From: \(from)\r
            To: support@example.com\r
            Subject: \(subject)\r
            Message-ID: <reply-\(UUID().uuidString)@company.com>\r
            In-Reply-To: <\(id)>\r
            References: <\(id)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Thanks, that fixed it.\r

            """.utf8)
    }

    @Test func realMailOpensCasesSkipsAutoRepliesAndMarksBouncedAddresses() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-11-24T09:00:00Z"
        try cli.ok("init", "--user", "Agent Smith")
        try cli.ok("contact", "add", "--name", "Netec Test", "--email", "Netec.Test@netecgc.com")
        let names = [
            "gmail-alternative.eml", "outlook-alternative.eml", "iso-8859-1-quoted-printable.eml", "shift-jis.eml",
            "utf8-base64.eml", "out-of-office.eml", "exchange-automatic-reply-windows-1252.eml", "postfix-bounce.eml",
            "apple-mail-alternative.eml",
        ]
        let path = try Self.maildir(in: cli, "Maildir", names.map(Self.fixture))
        let first = try cli.ok("mail", "import", path, "--json").object
        #expect(first["messages"] as? Int == 9)
        #expect(first["cases_opened"] as? [Int] == [1, 2, 3, 4, 5])
        #expect(first["contacts_created"] as? Int == 5)
        #expect(first["auto_replies_skipped"] as? Int == 2)
        #expect(first["bounces"] as? Int == 1)
        #expect(first["failing_addresses"] as? [String] == ["netec.test@netecgc.com"])
        #expect(first["attachments"] as? Int == 1)
        let refused = first["refused"] as? [String] ?? []
        #expect(refused.count == 1 && refused[0].contains("no usable sender address"), "\(refused)")

        let gmail = try cli.ok("case", "show", "#1", "--json").object
        #expect(gmail["subject"] as? String == "Mail avec fichier attaché de 1ko")
        #expect(gmail["contact"] as? String == "Name")
        let files = gmail["attachments"] as? [[String: Any]] ?? []
        #expect(files.count == 1)
        #expect(files.first?["name"] as? String == "attach01")
        #expect(files.first?["size"] as? Int == 2)
        #expect(files.first?["stored"] as? Bool == true)
        let hash = files.first?["sha256"] as? String ?? ""
        #expect(FileManager.default.contents(atPath: cli.db + ".attachments/" + hash) == Data("a\n".utf8))

        let contact = try cli.ok("contact", "show", "Netec.Test@netecgc.com", "--json").object
        let status = contact["email_status"] as? [String: Any]
        #expect(status?["status"] as? String == "failing")
        #expect(status?["reason"] as? String == "Undelivered Mail Returned to Sender")
        #expect(try cli.ok("contact", "show", "Netec.Test@netecgc.com").stdout.contains("email status"))
        #expect(contact["tags"] as? [String] == ["email-failing"], "the same synced mark as crm-server's gateway")

        // Everything went through the change log, so it syncs: 5 cases, 5 contacts, 5 customer messages.
        let queue = try DatabaseQueue(path: cli.db)
        let counts = try queue.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db,
                    sql:
                        "SELECT entity, COUNT(DISTINCT entity_id) AS n FROM change_log WHERE op = 'create' GROUP BY entity"
                ).map { (String($0["entity"] as String), Int($0["n"] as Int)) })
        }
        #expect(counts["case"] == 5 && counts["activity"] == 5 && counts["contact"] == 6, "\(counts)")
        let japanese = try queue.read { db in
            try String.fetchOne(
                db, sql: "SELECT a.body FROM activities a JOIN cases c ON c.id = a.case_id WHERE c.num = 4")
        }
        #expect(japanese?.hasPrefix("あいうえお\n\nこのメールはテスト用のメールです。") == true, "\(japanese ?? "none")")

        let again = try cli.ok("mail", "import", path, "--json").object
        #expect(again["already_imported"] as? Int == 8)
        #expect(again["cases_opened"] as? [Int] == [])
        #expect(try cli.ok("case", "list", "--json").array.count == 5)
    }

    @Test func answersLandOnTheirCaseByThreadOrTagAndReopenIt() throws {
        let cli = try CLI()
        cli.environment["CRM_NOW"] = "2026-11-24T09:00:00Z"
        try cli.ok("init", "--user", "Agent Smith")
        let gmailID = "CAH_ZkVmUSM8t2JxgqcuLCQ8d+R_hkKpNHTubJOQK07y=36+d4Q@mail.gmail.com"
        let mbox = cli.folder.appendingPathComponent("inbox.mbox")
        var bytes = try Self.fixture("gmail-alternative.eml")
        bytes.append(Data("\n".utf8))
        try bytes.write(to: mbox)
        try cli.ok("mail", "import", mbox.path)
        try cli.ok("case", "status", "#1", "pending")
        let inbox = try Self.maildir(
            in: cli, "Replies",
            [
                Self.reply(to: gmailID, subject: "Re: Mail avec fichier"),
                Self.reply(
                    to: "unknown@elsewhere", subject: "Re: still broken [#1]", from: "Other <other@company.com>"),
                Self.reply(to: "unknown@elsewhere", subject: "A new question"),
            ])
        let summary = try cli.ok("mail", "import", inbox, "--json").object
        #expect(summary["replies"] as? [Int] == [1, 1])
        #expect(summary["cases_opened"] as? [Int] == [2])
        let item = try cli.ok("case", "show", "#1", "--json").object
        #expect(item["status"] as? String == "open", "a customer reply reopens a pending case")
        let timeline = item["timeline"] as? [[String: Any]] ?? []
        #expect(
            timeline.filter { ($0["summary"] as? String ?? "").hasPrefix("From customer") }.count == 3, "\(timeline)")
    }

    @Test func aMissingMailboxIsNamed() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Agent Smith")
        let result = try cli.run("mail", "import", "/nonexistent/Maildir")
        #expect(result.code == 66)
        #expect(result.stderr.contains("/nonexistent/Maildir"))
    }
}
