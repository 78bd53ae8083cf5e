// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// One value type from log to wire: JSON is built as `JSONValue` (or a Codable type) and written
/// by CRMCore's one escaper, never as `[String: Any]` through `JSONSerialization`, whose Linux
/// build drops a U+FEFF and reads a large integer as a double (`JSONValueTextTests`), and whose
/// untyped dictionaries let a value print as whatever Swift type it happened to be.
///
/// Read from the sources, so a new `[String: Any]` or `JSONSerialization` call fails here with
/// the file and line named. Comments may name them (to say why not).
@Suite struct OneValueTypeTests {
    /// Targets allowed to use them, and why (none so far: add one only where a library demands it).
    static let allowed: [String: String] = [:]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// No `\b`: Swift's Unicode word boundaries do not fall inside `JSONSerialization.data`.
    static let forbidden = [#"\[\s*String\s*:\s*Any\s*\]"#, "JSONSerialization", "NSNull"]

    @Test func noSourceBuildsJSONFromAny() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        #expect(targets.contains("crm"), "the test reads the package at \(Self.root.path)")
        let patterns = try Self.forbidden.map { try Regex($0) }
        var offenders: [String] = []
        for target in targets.sorted() where Self.allowed[target] == nil {
            let folder = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                    if patterns.contains(where: { code.contains($0) }) {
                        offenders.append(
                            "Sources/\(target)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "JSON built from Any:\n\(offenders.joined(separator: "\n"))")
    }

    /// The scan sees what it looks for (a test that cannot fail proves nothing).
    @Test func theScanFindsWhatItForbids() throws {
        let patterns = try Self.forbidden.map { try Regex($0) }
        for line in ["let o: [String: Any] = [:]", "var x = [String:Any]()", "try JSONSerialization.data(", "NSNull()"]
        {
            #expect(patterns.contains { line.contains($0) }, "\(line)")
        }
        #expect(!patterns.contains { "let o: [String: JSONValue] = [:]".contains($0) })
    }
}
