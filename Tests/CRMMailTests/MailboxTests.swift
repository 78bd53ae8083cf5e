// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMail
import Foundation
import Testing

/// Maildir and mbox reading over real files in a temporary directory.
@Suite struct MailboxTests {
    private func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crm-mailbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func mboxSplitsAtFromLinesAndUnquotes() throws {
        let dir = try temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("inbox.mbox")
        let mbox =
            "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\nSubject: one\n\n>From the start\nbye\n\n"
            + "From b@y Mon Jan  1 00:00:01 2024\nFrom: b@y\nSubject: two\n\nsecond\n"
        try Data(mbox.utf8).write(to: file)
        let box = try Mailbox(path: file.path)
        #expect(box.entries.count == 2)
        let first = try MailMessage(bytes: box.entries[0].bytes)
        #expect(first.subject == "one")
        #expect(first.text == "From the start\nbye\n")
        #expect(box.entries[1].location == "\(file.path):8")
    }

    @Test func maildirReadsNewThenCurInNameOrder() throws {
        let dir = try temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        for folder in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Fixture.bytes("shift-jis.eml").withUnsafeBufferPointer {
            try Data($0).write(to: dir.appendingPathComponent("cur/2.host:2,S"))
        }
        try Fixture.bytes("out-of-office.eml").withUnsafeBufferPointer {
            try Data($0).write(to: dir.appendingPathComponent("new/1.host"))
        }
        let box = try Mailbox(path: dir.path)
        #expect(box.entries.map { URL(fileURLWithPath: $0.location).lastPathComponent } == ["1.host", "2.host:2,S"])
    }

    @Test func errorsNameThePath() throws {
        #expect(throws: MailboxError.missing(path: "/nonexistent/box")) { try Mailbox(path: "/nonexistent/box") }
        let dir = try temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: MailboxError.self) { try Mailbox(path: dir.path) }
        let file = dir.appendingPathComponent("x.txt")
        try Data("hello".utf8).write(to: file)
        #expect(throws: MailboxError.self) { try Mailbox(path: file.path) }
    }
}
