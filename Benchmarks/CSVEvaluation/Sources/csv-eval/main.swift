// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// What a parser made of one input.
enum Outcome {
    case records([[String]])
    case failure(String)
}

/// One correctness case: the input and what a correct reader returns (nil = must refuse).
struct Case {
    let name: String
    let bytes: [UInt8]
    let expected: [[String]]?
}

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/fixtures")

func fixture(_ name: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))) ?? []
}

func utf16LE(_ text: String) -> [UInt8] { [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

let salesforce = fixture("salesforce-export/Contact.csv")
let cases: [Case] = [
    Case(
        name: "quoted newline + doubled quotes", bytes: Array("a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n".utf8),
        expected: [["a", "b"], ["x\ny", "say \"hi\""]]),
    Case(name: "CRLF line ends", bytes: Array("a,b\r\n1,2\r\n".utf8), expected: [["a", "b"], ["1", "2"]]),
    Case(name: "CR-only line ends", bytes: Array("a,b\r1,2\r".utf8), expected: [["a", "b"], ["1", "2"]]),
    Case(
        name: "UTF-8 BOM + quoted header (fixture)", bytes: fixture("csv-edge/csvtext_BOM_UTF8.csv"),
        expected: [
            ["column1", "column2", "column3"], ["row1-1", "row1-2", "row1-3"], ["row2-1", "row2-2", "row2-3"],
        ]),
    Case(
        name: "doubled quotes (fixture)", bytes: fixture("csv-edge/csvEscapedQuotes.csv"),
        expected: [["column1", "column2"], ["\"The Best\" Account", "bla"], ["The \"Best\" Account", "bla"]]),
    Case(name: "semicolon, not told", bytes: Array("a;b\n1;\"2;3\"\n".utf8), expected: [["a", "b"], ["1", "2;3"]]),
    Case(name: "tab, not told", bytes: Array("a\tb\n1\t2\n".utf8), expected: [["a", "b"], ["1", "2"]]),
    Case(
        name: "ragged rows", bytes: Array("a,b,c\n1\n1,2,3,4\n".utf8),
        expected: [["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]),
    Case(name: "empty lines", bytes: Array("a,b\n\n1,2\n\n".utf8), expected: [["a", "b"], ["1", "2"]]),
    Case(
        name: "Latin-1 file", bytes: Array("name\n".utf8) + [0x4A, 0x6F, 0x73, 0xE9, 0x0A],
        expected: [["name"], ["José"]]),
    Case(
        name: "UTF-16LE with BOM (fixture)", bytes: fixture("csv-edge/csvtext_BOM_UTF16LE.csv"),
        expected: [
            ["column1", "column2", "column3"], ["row1-1", "row1-2", "row1-3"], ["row2-1", "row2-2", "row2-3"],
        ]),
    Case(name: "UTF-16LE with BOM, non-ASCII", bytes: utf16LE("name\nZoë\n"), expected: [["name"], ["Zoë"]]),
    Case(name: "unterminated quote refused", bytes: Array("a,b\n1,\"open\n2,3\n".utf8), expected: nil),
    Case(
        name: "binary (PNG) refused", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49],
        expected: nil),
    Case(name: "Salesforce Contact.csv: 103 x 72", bytes: salesforce, expected: nil),
]

/// Trailing empty cells are dropped before comparing: padding a short row loses nothing.
func trimmed(_ rows: [[String]]) -> [[String]] {
    rows.map { row in Array(row.reversed().drop { $0.isEmpty }.reversed()) }
}

func verdict(_ outcome: Outcome, _ test: Case) -> String {
    if test.name.hasPrefix("Salesforce") {
        guard case .records(let rows) = outcome else { return "FAIL (error)" }
        return rows.count == 103 && rows.allSatisfy { $0.count == 72 } ? "ok" : "FAIL (\(rows.count) rows)"
    }
    switch (outcome, test.expected) {
    case (.failure(let message), nil): return "ok (refused: \(message.prefix(60)))"
    case (.records, nil): return "FAIL (accepted)"
    case (.failure(let message), _): return "FAIL (\(message.prefix(60)))"
    case (.records(let rows), let expected?): return trimmed(rows) == trimmed(expected) ? "ok" : "FAIL (wrong records)"
    }
}

func correctness() {
    let parsers: [(String, ([UInt8]) -> Outcome)] = [
        ("SwiftCSV 0.10.0", parseWithSwiftCSV), ("CSV.swift 2.5.2", parseWithCSVSwift), ("own reader", parseWithOwn),
    ]
    for (name, parse) in parsers {
        var passed = 0
        print("## \(name)")
        for test in cases {
            let result = verdict(parse(test.bytes), test)
            if result.hasPrefix("ok") { passed += 1 }
            print("  \(test.name): \(result)")
        }
        print("  => \(passed)/\(cases.count)")
    }
}

/// Writes an N-row contact CSV with quoted commas, doubled quotes and embedded newlines.
func generate(rows: Int, to path: String) throws {
    var text = "Id,FirstName,LastName,Email,Phone,Title,AccountName,MailingCity,Description,CreatedDate\n"
    text.reserveCapacity(rows * 140)
    for index in 0..<rows {
        let note = index % 10 == 0 ? "\"Met at \"\"Expo\"\", line one\nline two\"" : "Regular customer"
        text += "003\(index),Name\(index),Surname\(index % 977),user\(index)@example.com,+1 555 \(100_000 + index),"
        text += "\"Buyer, Senior\",Company \(index % 5000),City \(index % 300),\(note),2024-01-23T02:21:49.000+0000\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func peakMemoryMB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func time(parser: String, path: String) throws {
    let start = Date()
    let fields: Int
    switch parser {
    case "swiftcsv": fields = try countWithSwiftCSV(path: path)
    case "csvswift": fields = try countWithCSVSwift(path: path, inMemory: false)
    case "csvswift-data": fields = try countWithCSVSwift(path: path, inMemory: true)
    default: fields = try countWithOwn(path: path)
    }
    let seconds = Date().timeIntervalSince(start)
    print("\(parser): \(fields) fields in \(String(format: "%.3f", seconds)) s, peak RSS \(peakMemoryMB()) MB")
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "correctness" {
case "generate": try generate(rows: Int(arguments[2]) ?? 100_000, to: arguments[3])
case "time": try time(parser: arguments[2], path: arguments[3])
default: correctness()
}
