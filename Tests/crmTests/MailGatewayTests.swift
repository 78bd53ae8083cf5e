// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB
import Synchronization
import Testing

/// crm-server's SMTP listener and mail gateway (issue 16): Python's smtplib sends the real
/// fixture messages to a real `crm-server` on 127.0.0.1, and real `crm` devices see the cases
/// after `crm sync`.
@Suite(.serialized) struct MailGatewayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python =
        FileManager.default.isExecutableFile(atPath: SMTPTestServer.python) ? SMTPTestServer.python : "/usr/bin/python3"
    static let address = "support@acme.test"

    /// A crm-server taking mail for support@acme.test into tenant acme, with its devices (ana
    /// and bo, agents) logged in.
    static func desk(_ extra: [String] = [], users: [(String, String)] = [("ana", "agent"), ("bo", "agent")]) throws
        -> (ServerProcess, [CLI])
    {
        let server = try ServerProcess()
        try server.provision(tenant: "acme", users: users)
        try server.start(arguments: ["--smtp-port", "0", "--mail-address", "\(address)=acme"] + extra)
        #expect(server.smtpPort > 0)
        let devices = try users.map(\.0).map { user in try CLI.device(on: server, user: user) }
        return (server, devices)
    }

    /// Sends each message in its own transaction over one SMTP connection; the final reply of each.
    static func send(
        _ messages: [Data], port: Int, in folder: URL, sender: String = "customer@example.net",
        to recipients: [String] = [address]
    ) throws -> [String] {
        var files: [String] = []
        for message in messages {
            let file = folder.appendingPathComponent("outgoing-\(UUID().uuidString).eml")
            try message.write(to: file)
            files.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [root.appendingPathComponent("scripts/smtp-send.py").path, "--port", String(port), "--sender", sender]
            + recipients.flatMap { ["--to", $0] } + files
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The customer message of each case on a device, by case number.
    static func messages(_ cli: CLI) throws -> [Int: (subject: String, contact: String, email: String, body: String)] {
        let queue = try DatabaseQueue(path: cli.db)
        return try queue.read { db in
            var result: [Int: (String, String, String, String)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.num, c.subject, p.name, p.email, a.body FROM cases c JOIN contacts p ON p.id = c.contact_id
                    JOIN activities a ON a.case_id = c.id AND a.message_id IS NOT NULL ORDER BY a.created_at
                    """)
            where result[row["num"]] == nil {
                result[row["num"]] = (row["subject"], row["name"], row["email"], row["body"])
            }
            return result
        }
    }

    @Test func realMailBecomesCasesOnEveryDeviceAndAutoRepliesAndBouncesDoNot() throws {
        let (server, devices) = try Self.desk()
        let (ana, bo) = (devices[0], devices[1])
        try ana.ok("contact", "add", "--name", "Netec Test", "--email", "Netec.Test@netecgc.com")
        try ana.ok("sync", "--once")
        let names = [
            "gmail-alternative.eml", "outlook-alternative.eml", "apple-mail-alternative.eml",
            "iso-8859-1-quoted-printable.eml", "shift-jis.eml", "utf8-base64.eml", "out-of-office.eml",
            "exchange-automatic-reply-windows-1252.eml", "postfix-bounce.eml", "gmail-alternative.eml",
        ]
        let replies = try Self.send(
            names.map(MailImportCommandTests.fixture), port: server.smtpPort, in: ana.folder,
            sender: "apple.customer@example.net")
        #expect(replies.count == names.count && replies.allSatisfy { $0.hasPrefix("250 ") }, "\(replies)")

        for device in [ana, bo] {
            try device.ok("sync", "--once")
            let cases = try Self.messages(device)
            #expect(cases.count == 6, "the second Gmail delivery is the same Message-ID: \(cases.keys.sorted())")
            let bySubject = Dictionary(cases.values.map { ($0.subject, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(bySubject["Mail avec fichier attaché de 1ko"]?.contact == "Name")
            #expect(bySubject["Mail avec fichier attaché de 1ko"]?.email == "name@company.com")
            #expect(bySubject["R: R: R: I: FR-selca LA selcaE"]?.body.hasPrefix("Test headers") == true)
            let apple = bySubject["worse when you use them."]
            #expect(apple?.body == "XXXXX Xxxxx", "text/plain chosen over text/enriched")
            #expect(apple?.email == "apple.customer@example.net", "From has no usable address: MAIL FROM stands in")
            #expect(bySubject["1"]?.contact == "Finntack Newsletter" && bySubject["1"]?.body == "1")
            #expect(bySubject["test"]?.body.hasPrefix("あいうえお\n\nこのメールはテスト用のメールです。") == true)
            #expect(bySubject["まみむめも"]?.body.hasPrefix("かきくえこ\n\n-- \nhttp://lindsaar.net/") == true)
            #expect(bySubject["Away until May 5"] == nil && bySubject["Automatic reply: Nyaan"] == nil)
            let netec = try device.ok("contact", "show", "Netec.Test@netecgc.com", "--json").object
            #expect(netec["tags"] as? [String] == ["email-failing"], "the bounce marks the address failing")
            let newsletter = try device.ok("case", "list", "--json").array.first { $0["subject"] as? String == "1" }
            #expect(newsletter?["status"] as? String == "new")
        }
        let created = try ana.ok("case", "show", "#1", "--json").object["timeline"] as? [[String: Any]] ?? []
        #expect(created.contains { $0["author"] as? String == "mail-gateway" }, "\(created)")
    }

    @Test func unknownRecipientsOversizeMessagesAndDotStuffing() throws {
        let (server, devices) = try Self.desk(["--smtp-max-size", "4000"])
        let ana = devices[0]
        let unknown = try Self.send(
            [MailImportCommandTests.fixture("gmail-alternative.eml")], port: server.smtpPort, in: ana.folder,
            to: ["sales@acme.test"])
        #expect(unknown.first?.hasPrefix("550 5.1.1 <sales@acme.test>") == true, "\(unknown)")
        let big = Data(
            ("From: Big <big@example.net>\r\nSubject: big\r\nMessage-ID: <big@example.net>\r\n\r\n"
                + String(repeating: "0123456789\r\n", count: 500)).utf8)
        let dotted = Data(
            "From: Dot <dot@example.net>\r\nSubject: dots\r\nMessage-ID: <dot@example.net>\r\n\r\n.hidden\r\n..two\r\nend\r\n"
                .utf8)
        let replies = try Self.send([big, dotted], port: server.smtpPort, in: ana.folder)
        #expect(replies.first?.hasPrefix("552 5.3.4") == true, "\(replies)")
        #expect(replies.last?.hasPrefix("250 ") == true, "\(replies)")
        try ana.ok("sync", "--once")
        let cases = try Self.messages(ana)
        #expect(cases.count == 1)
        #expect(cases.values.first?.body == ".hidden\n..two\nend", "dot-unstuffed as sent")
    }

    @Test func theSameMessagesFromTwoConnectionsAtOnceMakeOneCaseEach() throws {
        let (server, devices) = try Self.desk()
        let ana = devices[0]
        let latin = Data(
            """
            From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>
            Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=
            Message-ID: <latin@example.de>
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Sch=F6ne Gr=FC=DFe aus K=F6ln

            """.utf8)
        let messages =
            [latin]
            + (1...5).map { number in
                Data(
                    "From: c\(number)@example.net\r\nSubject: n\(number)\r\nMessage-ID: <n\(number)@example.net>\r\n\r\nhi\r\n"
                        .utf8)
            }
        // Two SMTP clients deliver the same six messages at the same time.
        let replies = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let lines = (try? Self.send(messages, port: server.smtpPort, in: ana.folder)) ?? []
            replies.withLock { $0 += lines }
        }
        #expect(replies.withLock { $0.count == 12 && $0.allSatisfy { $0.hasPrefix("250 ") } })
        try ana.ok("sync", "--once")
        let cases = try Self.messages(ana)
        #expect(cases.count == 6, "one case per Message-ID: \(cases.values.map(\.subject))")
        let german = cases.values.first { $0.email == "jm@example.de" }
        #expect(german?.subject == "Grüße" && german?.contact == "Jürgen Müller")
        #expect(german?.body == "Schöne Grüße aus Köln", "ISO-8859-1 quoted-printable decoded")
    }

    @Test func aCaseFromMailRunsOnTheTenantsPolicyAndCalendar() throws {
        let (server, devices) = try Self.desk(users: [("mia", "manager"), ("ana", "agent")])
        let (manager, agent) = (devices[0], devices[1])
        try manager.ok(
            "sla", "calendar", "set", "office", "--zone", "Europe/Berlin", "--days", "mon-fri", "--hours", "09:00-17:00"
        )
        try manager.ok(
            "sla", "policy", "set", "normal", "--first-response", "120", "--resolution", "600", "--calendar", "office")
        try manager.ok("sync", "--once")
        let question = Data(
            "From: q@example.net\r\nSubject: hours\r\nMessage-ID: <hours@example.net>\r\n\r\nhi\r\n".utf8)
        #expect(try Self.send([question], port: server.smtpPort, in: agent.folder).first?.hasPrefix("250") == true)
        try agent.ok("sync", "--once")
        let item = try agent.ok("case", "show", "#1", "--json").object
        #expect(item["business_hours"] as? String == "mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin")
        // The gateway computed the due times as a device would: the same policy, calendar and rule.
        let changed = try agent.ok("case", "priority", "#1", "high").code == 0
        try agent.ok("case", "priority", "#1", "normal")
        let again = try agent.ok("case", "show", "#1", "--json").object
        #expect(changed && again["first_response_due"] as? String == item["first_response_due"] as? String)
        #expect(again["resolution_due"] as? String == item["resolution_due"] as? String)
    }

    @Test func badMailOptionsAreRefusedBeforeServing() throws {
        let server = try ServerProcess()
        let noPort = try server.runToExit(["serve", "--port", "0", "--mail-address", "support@acme.test=acme"])
        #expect(noPort.code == 64 && noPort.stderr.contains("--mail-address needs --smtp-port"), "\(noPort.stderr)")
        let noAddress = try server.runToExit(["serve", "--port", "0", "--smtp-port", "0"])
        #expect(noAddress.code == 64 && noAddress.stderr.contains("at least one --mail-address"))
        let bad = try server.runToExit(["serve", "--port", "0", "--smtp-port", "0", "--mail-address", "support"])
        #expect(bad.code == 64 && bad.stderr.contains("expected ADDRESS=TENANT"), "\(bad.stderr)")
    }

    @Test func aSilentConnectionIsClosedWith421AndOneOverTheLimitIsTurnedAway() throws {
        let (server, _) = try Self.desk(["--smtp-idle-timeout", "2s", "--smtp-max-connections", "1"])
        let script = """
            import socket, sys, time
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            greeting = s.recv(512)
            start = time.time()
            data = b""
            while not data.endswith(b"\\r\\n"):
                chunk = s.recv(512)
                if not chunk: break
                data += chunk
            closed = s.recv(512) == b""
            print(greeting.decode().strip(), "|", data.decode().strip(), "|", round(time.time() - start), "|", closed)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script, String(server.smtpPort)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(parts.first?.hasPrefix("220 ") == true, "\(text)")
        #expect(parts.count == 4 && parts[1].hasPrefix("421 4.4.2"), "\(text)")
        #expect(parts.count == 4 && (Int(parts[2]) ?? 99) <= 4, "closed after about the idle timeout: \(text)")
        #expect(parts.last == "True", "and the connection is closed")
        // While one client holds the only connection, a second is answered 421 at once.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Self.python)
        holder.arguments = ["-c", script, String(server.smtpPort)]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer { holder.waitUntilExit() }
        usleep(300_000)
        let second = Process()
        second.executableURL = URL(fileURLWithPath: Self.python)
        second.arguments = [
            "-c",
            "import socket,sys; s=socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5); print(s.recv(512).decode().strip())",
            String(server.smtpPort),
        ]
        let secondOut = Pipe()
        second.standardOutput = secondOut
        try second.run()
        let turnedAway = String(decoding: secondOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(turnedAway.hasPrefix("421 4.3.2"), "\(turnedAway)")
    }

    @Test(.enabled(if: SMTPTestServer.available, "needs aiosmtpd in .build/mail-venv: run make mail-venv"))
    func aCustomersAnswerToTheAgentsReplyLandsOnTheSameCase() throws {
        let outbound = try SMTPTestServer.started()
        defer { outbound.stop() }
        let (server, devices) = try Self.desk()
        let ana = devices[0]
        let config = ana.folder.appendingPathComponent("mail.conf")
        try Data(
            "host = 127.0.0.1\nport = \(outbound.port)\nfrom = Support <support@acme.test>\nuser = agent\ntls = starttls\n"
                .utf8
        ).write(to: config)
        ana.environment["CRM_MAIL_CONFIG"] = config.path
        ana.environment["CRM_SMTP_PASSWORD"] = "secret"
        let question = Data(
            """
            From: Carla Diaz <carla@customer.test>\r
            To: support@acme.test\r
            Subject: Printer on fire\r
            Message-ID: <q1@customer.test>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            It is smoking.\r

            """.utf8)
        #expect(try Self.send([question], port: server.smtpPort, in: ana.folder).first?.hasPrefix("250") == true)
        try ana.ok("sync", "--once")
        try ana.ok("case", "reply", "#1", "Unplug it, we are on our way.")
        let messageID = try ana.ok("mail", "outbox", "--json").array.first?["message_id"] as? String ?? ""
        #expect(try ana.ok("mail", "send", "--json").object["sent"] as? Int == 1)
        let delivered = try outbound.messages()
        #expect(delivered.count == 1)
        #expect(delivered.first?.contains("In-Reply-To: <q1@customer.test>\r\n") == true, "\(delivered)")
        #expect(delivered.first?.contains("References: <q1@customer.test>\r\n") == true)
        #expect(delivered.first?.contains("To: carla@customer.test\r\n") == true)
        try ana.ok("case", "status", "#1", "pending")
        try ana.ok("sync", "--once")

        let answer = Data(
            """
            From: Carla Diaz <carla@customer.test>\r
            Subject: Re: Printer on fire [#1]\r
            Message-ID: <a1@customer.test>\r
            In-Reply-To: <\(messageID)>\r
            References: <q1@customer.test> <\(messageID)>\r
            \r
            Unplugged. Still smells.\r

            """.utf8)
        #expect(try Self.send([answer], port: server.smtpPort, in: ana.folder).first?.hasPrefix("250") == true)
        try ana.ok("sync", "--once")
        #expect(try ana.ok("case", "list", "--json").array.count == 1, "the answer opens no new case")
        let item = try ana.ok("case", "show", "#1", "--json").object
        #expect(item["status"] as? String == "open", "a customer's answer reopens the pending case")
        #expect(item["first_response_sla"] as? String == "met")
        let timeline = item["timeline"] as? [[String: Any]] ?? []
        #expect(timeline.filter { ($0["summary"] as? String ?? "").hasPrefix("From customer") }.count == 2)
    }
}
