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
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        for byte in chunk {
            guard pendingError == nil else { return }
            if byte == lf, lastWasCR {
                lastWasCR = false
                if state == .quoted { append(byte) }
                continue
            }
            lastWasCR = byte == cr
            let isNewline = byte == lf || byte == cr
            switch state {
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    if isNewline { line += 1 }
                    append(byte)
                }
            case .fieldStart, .unquoted, .quoteInQuoted:
                if byte == delimiter {
                    endField()
                } else if isNewline {
                    endRecord()
                    line += 1
                    recordLine = line
                } else if byte == quote && state == .fieldStart {
                    state = .quoted
                    quoteLine = line
                    recordHadQuote = true
                } else if byte == quote && state == .quoteInQuoted {
                    append(byte)
                    state = .quoted
                } else {
                    append(byte)
                    state = .unquoted
                }
            }
        }
    }

    private func append(_ byte: UInt8) {
        if byte >= 0x80 { fieldHighBit = true }
        field.append(byte)
        if field.count > maxFieldBytes {
            pendingError = .fieldTooLarge(line: state == .quoted ? quoteLine : recordLine, limit: maxFieldBytes)
        }
    }

    private func endField() {
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
