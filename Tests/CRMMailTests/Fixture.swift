// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMail
import Foundation

/// A real message from Fixtures/ (see Fixtures/PROVENANCE.md), parsed.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func message(_ name: String) throws -> MailMessage {
        try MailMessage(bytes: bytes(name))
    }

    /// Every .eml fixture.
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }
            .sorted()
    }
}
