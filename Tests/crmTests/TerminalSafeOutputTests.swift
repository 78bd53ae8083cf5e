// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import CRMStore

/// A contact named with escape sequences, as another device could sync it, prints no control
/// byte in any human-readable output of the real binary, and keeps its exact value in JSON.
@Suite struct TerminalSafeOutputTests {
    /// ESC sequences (erase screen, OSC 52 clipboard write ended by BEL), a C1 CSI, CR and a
    /// right-to-left override.
    static let hostile = "Eve\u{1B}[2J\u{1B}]52;c;aGk=\u{07}\u{9B}1m\r\u{202E}gpj.exe"

    /// A database holding that contact, put there by a pulled change (no local validation).
    static func seeded() throws -> CLI {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        let store = try Store.open(path: cli.db)
        var change = RemoteChange(
            seq: 1, changeID: RecordID.make().rawValue, kind: .contact, entityID: RecordID.make(), op: .create,
            field: nil, value: .null, hlc: HLC(millis: 1_800_000_000_000, counter: 0),
            deviceID: RecordID.make().rawValue)
        change.initial = ["name": .text(hostile), "notes": .text("line one\n\u{1B}]0;pwned\u{07}line two")]
        try store.applyRemote([change], conflicts: [], cursor: 1)
        return cli
    }

    /// The bytes a terminal would act on: C0 controls but newline, DEL, C1 (C2 80–9F in UTF-8)
    /// and the bidi controls (E2 80 AA–AE, E2 81 A6–A9).
    static func rawControls(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var found: [String] = []
        for (index, byte) in bytes.enumerated() {
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F || (byte == 0xC2 && (0x80...0x9F).contains(next))
                || (byte == 0xE2 && next == 0x80 && (0xAA...0xAE).contains(third))
                || (byte == 0xE2 && next == 0x81 && (0xA6...0xA9).contains(third))
            {
                found.append("byte \(index): \(String(byte, radix: 16))")
            }
        }
        return found
    }

    @Test(arguments: [
        ["contact", "list"], ["contact", "show", "#1"], ["search", "Eve"], ["search", "gpj"],
        ["contact", "show", "Eve\u{1B}"],
    ])
    func humanOutputHoldsNoControlByte(arguments: [String]) throws {
        let cli = try Self.seeded()
        let result = try cli.run(arguments: ["--db", cli.db] + arguments)
        #expect(Self.rawControls(result.stdout).isEmpty, "stdout of \(arguments): \(result.stdout)")
        #expect(Self.rawControls(result.stderr).isEmpty, "stderr of \(arguments): \(result.stderr)")
        if result.code == 0 { #expect(result.stdout.contains("Eve␛[2J")) }
    }

    @Test func detailsShowTheSequencesAsVisibleText() throws {
        let cli = try Self.seeded()
        let show = try cli.ok("contact", "show", "#1").stdout
        #expect(show.contains("Eve␛[2J␛]52;c;aGk=\\x07\\x9B1m\\x0D\\u202Egpj.exe"))
        #expect(show.contains("line one\n"), "notes keep their line breaks")
        #expect(show.contains("␛]0;pwned\\x07line two"))
    }

    @Test func jsonKeepsTheExactValueEscapedAsJSONDoes() throws {
        let cli = try Self.seeded()
        for arguments in [["contact", "list", "--json"], ["search", "Eve", "--json"]] {
            let result = try cli.run(arguments: ["--db", cli.db] + arguments)
            #expect(result.code == 0)
            #expect(!result.stdout.utf8.contains(0x1B) && !result.stdout.utf8.contains(0x07))
            let name = result.array.first?["name"] as? String
            #expect(name == Self.hostile, "\(arguments)")
        }
    }

    @Test func writingAControlCharacterIsRefusedNamingTheField() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        let refused = try cli.run("contact", "add", "--name", "Mallory\u{1B}[2J")
        #expect(refused.code == 65)
        #expect(refused.stderr.contains("name contains the control character U+001B"))
        #expect(Self.rawControls(refused.stderr).isEmpty)
        let nul = try cli.run("contact", "add", "--name", "Ok", "--title", "a\u{7}b")
        #expect(nul.code == 65 && nul.stderr.contains("title"))
        try cli.ok("contact", "add", "--name", "Notes", "--notes", "two\nlines")
        #expect(try cli.count("contact") == 1)
    }
}
