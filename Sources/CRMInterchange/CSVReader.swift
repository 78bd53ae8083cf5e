// crm — a terminal-first CRM. Licensed under the MIT License.

/// A streaming RFC 4180 CSV reader that yields records with the line each starts on.
///
/// Written by hand rather than taken from SwiftCSV or CSV.swift: neither reports line numbers,
/// limits field size, or streams with encoding detection, and both were slower on 100k rows
/// (Docs/INTERCHANGE.md has the evaluation). Reads a chunk at a time, so memory stays bounded by
/// the chunk size plus the largest record. Accepts LF, CRLF and CR line ends, quoted fields with
/// embedded newlines and doubled quotes, ragged rows; skips empty lines.
///
/// ```swift
/// let reader = try CSVReader(path: "Contact.csv")
/// while let record = try reader.next() { print(record.line, record.fields) }
/// ```
public final class CSVReader<Source: ByteSource> {
    enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var source: UTF8ByteSource<Source>
    private let fixedDelimiter: UInt8?
    /// The field separator, sniffed from the first chunk unless given.
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// The largest field accepted, in bytes.
    public let maxFieldBytes: Int

    private var pending: [CSVRecord] = []
    private var pendingIndex = 0
    private var pendingError: InterchangeError?
    private var atEnd = false
    private var started = false

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldHighBit = false
    private var fieldDone = false
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var lastWasCR = false
    private var recordHadQuote = false

    /// Reads from any byte source; `delimiter` nil means sniff `,` `;` tab or `|`.
    public init(source: Source, delimiter: UInt8? = nil, maxFieldBytes: Int = 1 << 20) {
        self.source = UTF8ByteSource(source)
        fixedDelimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
    }

    /// The detected text encoding of the input (valid after the first `next`).
    public var encoding: TextEncoding { source.encoding }

    /// Bytes consumed from the input so far.
    public var bytesRead: Int { source.bytesRead }

    /// The next record, nil at the end; throws on malformed input after yielding every good record before it.
    public func next() throws -> CSVRecord? {
        while pendingIndex >= pending.count {
            if let error = pendingError {
                pendingError = nil
                atEnd = true
                throw error
            }
            if atEnd { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            try fill()
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    /// Reads every remaining record (for small inputs and tests).
    public func readAll() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private func fill() throws {
        guard let chunk = try source.nextChunk() else {
            finish()
            atEnd = true
            return
        }
        if !started {
            started = true
            delimiter = fixedDelimiter ?? DelimiterSniffer.sniff(chunk)
        }
        consume(chunk)
    }

    private func finish() {
        guard pendingError == nil else { return }
        if state == .quoted {
            pendingError = .unterminatedQuote(line: quoteLine)
        } else if state != .fieldStart || !field.isEmpty || !fields.isEmpty || recordHadQuote {
            endRecord()
        }
    }

    private func consume(_ chunk: [UInt8]) {
        chunk.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count, pendingError == nil {
                let byte = buffer[index]
                if byte == Self.lf, lastWasCR {
                    lastWasCR = false
                    if state == .quoted { append(byte) }
                    index += 1
                    continue
                }
                lastWasCR = byte == Self.cr
                switch state {
                case .quoted:
                    index = consumeQuoted(buffer, from: index)
                case .fieldStart where byte == Self.quote:
                    state = .quoted
                    quoteLine = line
                    recordHadQuote = true
                    index += 1
                case .quoteInQuoted where byte == Self.quote:
                    append(byte)
                    state = .quoted
                    index += 1
                case .fieldStart, .unquoted, .quoteInQuoted:
                    index = consumeUnquoted(buffer, from: index)
                }
            }
        }
    }

    /// Takes a run of ordinary bytes at once, then the delimiter or line end that stops it.
    private func consumeUnquoted(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        var high: UInt8 = 0
        while end < buffer.count {
            let byte = buffer[end]
            if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
            high |= byte
            end += 1
        }
        let run = UnsafeBufferPointer(rebasing: buffer[start..<end])
        if end < buffer.count, field.isEmpty, !fieldHighBit, state != .quoteInQuoted {
            // The whole field is in this chunk: make the string straight from the buffer.
            appendField(run, high: high >= 0x80)
        } else if end > start {
            append(run, high: high >= 0x80)
            state = .unquoted
        }
        guard end < buffer.count else { return end }
        let stop = buffer[end]
        lastWasCR = stop == Self.cr
        if stop == delimiter {
            endField()
        } else {
            endRecord()
            line += 1
            recordLine = line
        }
        return end + 1
    }

    /// Takes the bytes of a quoted field up to the next quote, counting the lines it spans.
    private func consumeQuoted(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        var high: UInt8 = 0
        var previousCR = false
        while end < buffer.count {
            let byte = buffer[end]
            if byte == Self.quote { break }
            if byte == Self.cr || (byte == Self.lf && !previousCR) {
                line += 1
            }
            previousCR = byte == Self.cr
            high |= byte
            end += 1
        }
        append(UnsafeBufferPointer(rebasing: buffer[start..<end]), high: high >= 0x80)
        lastWasCR = previousCR
        guard end < buffer.count else { return end }
        state = .quoteInQuoted
        lastWasCR = false
        return end + 1
    }

    private static var quote: UInt8 { 0x22 }
    private static var lf: UInt8 { 0x0A }
    private static var cr: UInt8 { 0x0D }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>, high: Bool) {
        if high { fieldHighBit = true }
        field.append(contentsOf: bytes)
        if field.count > maxFieldBytes {
            pendingError = .fieldTooLarge(line: state == .quoted ? quoteLine : recordLine, limit: maxFieldBytes)
        }
    }

    private func append(_ byte: UInt8) {
        if byte >= 0x80 { fieldHighBit = true }
        field.append(byte)
        if field.count > maxFieldBytes {
            pendingError = .fieldTooLarge(line: state == .quoted ? quoteLine : recordLine, limit: maxFieldBytes)
        }
    }

    /// Adds a complete field straight from the buffer; `endField` then finds `field` empty and skips it.
    private func appendField(_ bytes: UnsafeBufferPointer<UInt8>, high: Bool) {
        if high {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                pendingError = .invalidUTF8(line: recordLine)
                return
            }
            fields.append(text)
        } else {
            fields.append(String(decoding: bytes, as: UTF8.self))
        }
        if bytes.count > maxFieldBytes { pendingError = .fieldTooLarge(line: recordLine, limit: maxFieldBytes) }
        fieldDone = true
    }

    private func endField() {
        if fieldDone {
            fieldDone = false
            state = .fieldStart
            return
        }
        if fieldHighBit {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                pendingError = .invalidUTF8(line: recordLine)
            }
        } else {
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        fieldHighBit = false
        state = .fieldStart
    }

    private func endRecord() {
        endField()
        if fields.count == 1, fields[0].isEmpty, !recordHadQuote {
            fields.removeAll(keepingCapacity: true)
        } else if pendingError == nil {
            pending.append(CSVRecord(line: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }
        recordHadQuote = false
    }
}

extension CSVReader where Source == FileByteSource {
    /// Opens a file; throws `InterchangeError.fileNotFound` if it is missing.
    public convenience init(path: String, delimiter: UInt8? = nil, maxFieldBytes: Int = 1 << 20) throws {
        self.init(source: try FileByteSource(path: path), delimiter: delimiter, maxFieldBytes: maxFieldBytes)
    }
}
