// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore
import Foundation

/// `crm export json` and `crm import json`: every record of every kind, ids and tombstones
/// included, so exporting and importing into an empty database gives identical data.
///
/// The file is one JSON document that any tool can read, laid out one record per line so that
/// both sides stream: `{"format":"crm-export","version":1,"records":[` then
/// `{"kind":"contact","id":"…","deleted":false,"fields":{…}},` lines, then `]}`. Field values use
/// the change log's JSON form (money as `{"amount":"12.50","currency":"EUR"}`).
public struct JSONSnapshot {
    public let store: Store
    /// Kinds in the order that lets references resolve on import.
    public static let kinds: [EntityKind] = [
        .user, .stage, .slaPolicy, .company, .contact, .deal, .stageChange, .activity, .supportCase,
    ]
    static let header = "{\"format\":\"crm-export\",\"version\":1,\"records\":["

    public init(store: Store) { self.store = store }

    /// Writes the whole store; returns how many records.
    @discardableResult
    public func export(to out: TextSink) throws -> Int {
        out.write(Self.header + "\n")
        var count = 0
        for kind in Self.kinds {
            var after: Int64 = 0
            while true {
                let page = try store.records(kind, afterNum: after, limit: 1000, includeDeleted: true)
                guard let last = page.last else { break }
                for record in page {
                    out.write((count == 0 ? "" : ",\n") + Self.line(kind, record))
                    count += 1
                }
                after = last.num
            }
        }
        out.write("\n]}\n")
        return count
    }

    static func line(_ kind: EntityKind, _ record: StoredRecord) -> String {
        let fields = kind.fields.compactMap { spec -> String? in
            guard let value = record.fields[spec.name], value != .null, value != .tags([]) else { return nil }
            return "\(JSONText.quote(spec.name)):\(value.jsonText)"
        }
        return "{\"kind\":\"\(kind.rawValue)\",\"id\":\"\(record.id.rawValue)\",\"deleted\":\(record.deleted),"
            + "\"fields\":{\(fields.joined(separator: ","))}}"
    }

    /// Imports a snapshot in one transaction: records are created with their ids, or updated when
    /// the id exists (the default stages and SLA policies every database starts with).
    public func importFile(path: String) throws -> ImportReport {
        var report = ImportReport(file: path, kind: "all")
        var lines = try LineReader(path: path)
        guard let (_, first) = try lines.next(), first.trimmed().hasPrefix(Self.header)
        else {
            throw InterchangeError.invalidJSON(line: 1, reason: "not a crm export (expected \(Self.header))")
        }
        try store.write { recorder in
            while let (number, text) = try lines.next() {
                let trimmed = text.trimmed()
                if trimmed.isEmpty || trimmed == "]}" { continue }
                let record = try Self.parse(trimmed.hasSuffix(",") ? String(trimmed.dropLast()) : trimmed, line: number)
                try apply(record, recorder, report: &report)
            }
        }
        report.committed = true
        return report
    }

    private func apply(
        _ record: (EntityKind, RecordID, Bool, [String: FieldValue]), _ recorder: ChangeRecorder,
        report: inout ImportReport
    ) throws {
        let (kind, id, deleted, fields) = record
        let exists = try recorder.exists(kind, id)
        if exists {
            var all = fields
            for spec in kind.fields where all[spec.name] == nil { all[spec.name] = .null }
            try recorder.update(kind, id: id, all)
            report.updated += 1
        } else {
            try recorder.create(kind, id: id, fields)
            report.created += 1
        }
        if deleted { try recorder.delete(kind, id: id) } else if exists { try recorder.restore(kind, id: id) }
    }

    static func parse(_ text: String, line: Int) throws -> (EntityKind, RecordID, Bool, [String: FieldValue]) {
        guard case .object(let object)? = JSONValue(jsonText: text) else {
            throw InterchangeError.invalidJSON(line: line, reason: "not a JSON object")
        }
        guard let kindName = object["kind"]?.stringValue, let kind = EntityKind(rawValue: kindName) else {
            throw InterchangeError.invalidJSON(line: line, reason: "unknown kind '\(object["kind"]?.jsonText ?? "")'")
        }
        guard let idText = object["id"]?.stringValue, let id = RecordID(idText) else {
            throw InterchangeError.invalidJSON(line: line, reason: "missing or malformed id")
        }
        var fields: [String: FieldValue] = [:]
        guard case .object(let values) = object["fields"] ?? .object([:]) else {
            throw InterchangeError.invalidJSON(line: line, reason: "'fields' is not an object")
        }
        for (name, value) in values {
            guard let spec = kind.field(name) else {
                throw InterchangeError.invalidJSON(line: line, reason: "\(kind.rawValue) has no field '\(name)'")
            }
            do {
                fields[name] = try FieldValue(json: value, type: spec.type, field: spec.name)
            } catch {
                throw InterchangeError.invalidJSON(line: line, reason: "\(error)")
            }
        }
        return (kind, id, object["deleted"] == .bool(true), fields)
    }
}

/// Reads a file line by line in chunks (LF or CRLF).
struct LineReader {
    private var source: FileByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var number = 0
    private var atEnd = false

    init(path: String) throws { source = try FileByteSource(path: path) }

    /// The next line and its 1-based number, nil at the end.
    mutating func next() throws -> (Int, String)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                number += 1
                return (number, String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                number += 1
                return (number, String(decoding: line, as: UTF8.self))
            }
            buffer.removeFirst(start)
            start = 0
            if let chunk = try source.nextChunk() { buffer += chunk } else { atEnd = true }
        }
    }
}
