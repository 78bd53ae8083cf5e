// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMMail
import CRMSMTP
import CRMStore
import CRMSyncClient
import Foundation

/// `crm mail send`: delivers the queued replies, at most once each.
struct MailSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Deliver the outbox by SMTP (STARTTLS, AUTH PLAIN/LOGIN), retrying with backoff.",
        discussion: """
            Host, port, from, user and tls come from the configuration file (--config, CRM_MAIL_CONFIG or \
            ~/.config/crm/mail.conf); the password from CRM_SMTP_PASSWORD or password_file (mode 600). \
            Each reply is sent at most once: one found 'sending' (a sender died after the server may have \
            taken it) becomes 'unknown' and is not sent again until `crm mail retry`. Exit 75 when mail \
            stays queued because the server could not be reached.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The SMTP configuration file.") var config: String?
    @Option(help: "Tries per message in this run when the server is unreachable or answers 4xx.") var attempts = 3

    func run() async throws {
        let settings = try MailConfigPath.load(config)
        let store = try global.openStore()
        for id in try store.markInterruptedSends() {
            FileHandle.standardError.write(
                Data("mail <\(id)> was being sent when a sender stopped: marked unknown, not resent\n".utf8))
        }
        let client = SMTPClient(configuration: settings)
        var sent = 0
        var waiting = 0
        var failed = 0
        for entry in try store.outbox(states: [.queued]).reversed() {
            switch try await Self.deliver(entry, client: client, store: store, attempts: max(1, attempts)) {
            case .sent: sent += 1
            case .queued: waiting += 1
            default: failed += 1
            }
        }
        if global.json {
            Output.json(["sent": sent.jsonValue, "queued": waiting.jsonValue, "failed": failed.jsonValue])
        } else {
            Output.line("\(sent) sent, \(waiting) still queued, \(failed) failed")
        }
        if waiting > 0 {
            throw Failure("\(waiting) messages stay queued: the server could not be reached", code: .tempFail)
        }
    }

    /// One entry: tries up to `attempts` times with the sync's `Backoff` between temporary failures.
    static func deliver(_ entry: OutboxEntry, client: SMTPClient, store: Store, attempts: Int) async throws
        -> OutboxEntry.State
    {
        let mail = OutgoingMail(
            from: client.configuration.from, to: entry.recipient, subject: entry.subject, body: entry.body,
            messageID: entry.messageID, inReplyTo: entry.inReplyTo, references: entry.references, date: Date())
        var backoff = Backoff()
        for attempt in 1...attempts {
            do {
                _ = try await client.send(mail.rendered(), to: entry.recipient) {
                    guard try store.moveOutbox(entry.messageID, from: .queued, to: .sending, countAttempt: true) else {
                        throw CancellationError()
                    }
                }
                try TestHold.pauseIfAsked()
                try store.moveOutbox(entry.messageID, from: .sending, to: .sent)
                return .sent
            } catch let error as SMTPError {
                if !error.isTemporary {
                    try store.moveOutbox(entry.messageID, from: .queued, to: .failed, error: error.description)
                    try store.moveOutbox(entry.messageID, from: .sending, to: .failed, error: error.description)
                    return .failed
                }
                // Lost after `sending` was recorded: the server may have it, so it is not retried.
                if try store.moveOutbox(entry.messageID, from: .sending, to: .unknown, error: error.description) {
                    return .failed
                }
                try store.moveOutbox(entry.messageID, from: .queued, to: .queued, error: error.description)
                if attempt < attempts { try await Task.sleep(for: .seconds(min(backoff.next(), 30))) }
            } catch is CancellationError {
                return .failed
            }
        }
        return .queued
    }
}

/// A test-only pause between the server's acceptance and the outbox update, so a test can kill -9
/// the sender in the one window where the outcome is unknown (`CRM_MAIL_TEST_HOLD_AFTER_ACCEPT`
/// names a file to create, then the sender sleeps).
enum TestHold {
    static func pauseIfAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["CRM_MAIL_TEST_HOLD_AFTER_ACCEPT"] else { return }
        try Data().write(to: URL(fileURLWithPath: path))
        Thread.sleep(forTimeInterval: 30)
    }
}
