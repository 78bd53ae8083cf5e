// crm — a terminal-first CRM. Licensed under the MIT License.

import CSV
import Foundation

/// Parses with yaslab/CSV.swift 2.5.2 from a stream, comma delimiter (it has no sniffing).
func parseWithCSVSwift(_ bytes: [UInt8]) -> Outcome {
    do {
        let reader = try CSVReader(stream: InputStream(data: Data(bytes)))
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let error = reader.error { return .failure("\(error)") }
        return .records(rows)
    } catch {
        return .failure("\(error)")
    }
}

/// Streams a file through CSV.swift and counts fields; `inMemory` reads the file into Data first
/// (its `InputStream(fileAtPath:)` path fails with `cannotReadFile` on Linux Foundation).
func countWithCSVSwift(path: String, inMemory: Bool) throws -> Int {
    let data = inMemory ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data()
    guard let stream = inMemory ? InputStream(data: data) : InputStream(fileAtPath: path) else {
        throw CSVError.cannotOpenFile
    }
    let reader = try CSVReader(stream: stream)
    var fields = 0
    while let row = reader.next() { fields += row.count }
    if let error = reader.error { throw error }
    return fields
}
