// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What one CSV import reads and how it interprets it.
public struct CSVImportOptions: Sendable {
    public var kind: EntityKind
    public var preset: ImportPreset?
    /// The `--map "Column=field,..."` text.
    public var map: String?
    public var dateOrder: DateParser.Order
    public var defaultCurrency: String
    /// The pipeline's stage names (deals only).
    public var stages: [String]
    public var maxFieldBytes: Int
    /// Seconds east of UTC of the importing user's zone: a close date without a time closes the
    /// deal at the end of that day there.
    public var timeZoneOffsetSeconds = 0
    /// The kind's custom fields as names a column or `--map` may give (names and keys, lower
    /// case) → their keys: such columns import as `custom.<key>` text, checked by the store.
    public var customFields: [String: String] = [:]

    public init(
        kind: EntityKind, preset: ImportPreset? = nil, map: String? = nil, dateOrder: DateParser.Order = .monthFirst,
        defaultCurrency: String = "USD", stages: [String] = StageMapper.defaultStages, maxFieldBytes: Int = 1 << 20
    ) {
        self.kind = kind
        self.preset = preset
        self.map = map
        self.dateOrder = dateOrder
        self.defaultCurrency = defaultCurrency
        self.stages = stages
        self.maxFieldBytes = maxFieldBytes
    }
}

/// A CSV file read as a stream of mapped rows or row issues.
///
/// Reads the header on creation (so a file with no known column fails before anything is
/// written) and then maps one record per `next()`, never holding the file in memory.
public final class CSVRowStream<Source: ByteSource> {
    private let reader: CSVReader<Source>
    public private(set) var mapper: RowMapper

    /// Reads the header and resolves the column mapping.
    public init(source: Source, options: CSVImportOptions) throws {
        reader = CSVReader(source: source, maxFieldBytes: options.maxFieldBytes)
        guard let header = try reader.next() else { throw InterchangeError.emptyFile }
        let mapping = try ColumnMapping(
            headers: header.fields, kind: options.kind, preset: options.preset, map: options.map,
            custom: options.customFields)
        mapper = RowMapper(
            mapping: mapping, dates: DateParser(order: options.dateOrder), defaultCurrency: options.defaultCurrency,
            stages: StageMapper(stages: options.stages))
        mapper.timeZoneOffsetSeconds = options.timeZoneOffsetSeconds
    }

    public var mapping: ColumnMapping { mapper.mapping }
    public var encoding: TextEncoding { reader.encoding }
    public var delimiter: Character { Character(Unicode.Scalar(reader.delimiter)) }
    public var bytesRead: Int { reader.bytesRead }

    /// The next row, mapped or with its issue; nil at the end.
    public func next() throws -> Result<ImportRow, RowIssue>? {
        guard let record = try reader.next() else { return nil }
        return mapper.map(record)
    }
}

extension CSVRowStream where Source == FileByteSource {
    /// Opens a file; throws `InterchangeError.fileNotFound` when it does not exist.
    public convenience init(path: String, options: CSVImportOptions) throws {
        try self.init(source: FileByteSource(path: path), options: options)
    }
}
