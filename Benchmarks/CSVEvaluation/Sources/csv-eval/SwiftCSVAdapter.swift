// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import SwiftCSV

/// Parses with SwiftCSV 0.10.0 as a user would: decode the file to a String, let it guess the delimiter.
func parseWithSwiftCSV(_ bytes: [UInt8]) -> Outcome {
    guard let text = String(data: Data(bytes), encoding: .utf8) else {
        return .failure("not UTF-8 (String(data:encoding:) nil)")
    }
    do {
        let csv = try EnumeratedCSV(string: text, loadColumns: false)
        return .records([csv.header] + csv.rows)
    } catch {
        return .failure("\(error)")
    }
}

/// Parses a file with SwiftCSV (loads it whole) and counts fields.
func countWithSwiftCSV(path: String) throws -> Int {
    let csv = try EnumeratedCSV(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
    return csv.rows.reduce(csv.header.count) { $0 + $1.count }
}
