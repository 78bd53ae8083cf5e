// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange

/// Parses with CRMInterchange's streaming reader (encoding detection and delimiter sniffing on).
func parseWithOwn(_ bytes: [UInt8]) -> Outcome {
    do {
        return .records(try CSVReader(source: MemoryByteSource(bytes)).readAll().map(\.fields))
    } catch {
        return .failure("\(error)")
    }
}

/// Streams a file through CRMInterchange's reader and counts fields.
func countWithOwn(path: String) throws -> Int {
    let reader = try CSVReader(path: path)
    var fields = 0
    while let record = try reader.next() { fields += record.fields.count }
    return fields
}
