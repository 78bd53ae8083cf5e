// crm — a terminal-first CRM. Licensed under the MIT License.

/// Wraps a byte source and hands out its text as UTF-8, whatever encoding the file is in.
///
/// The encoding is detected from the first chunk (`TextEncoding.detect`), the BOM dropped, and
/// UTF-16 or Windows-1252 transcoded chunk by chunk; a UTF-16 code unit or surrogate pair cut by a
/// chunk boundary is carried over to the next chunk.
public struct UTF8ByteSource<Base: ByteSource>: ByteSource {
    private var base: Base
    private var carry: [UInt8] = []
    private var started = false
    public private(set) var encoding: TextEncoding = .utf8

    public init(_ base: Base) { self.base = base }

    /// Bytes consumed from the underlying file (not the converted length).
    public var bytesRead: Int { base.bytesRead }

    /// Reads the first chunk and detects the encoding (called by the first `nextChunk`).
    public mutating func nextChunk() throws -> [UInt8]? {
        guard started else { return try firstChunk() }
        while let chunk = try base.nextChunk() {
            let converted = convert(chunk)
            if !converted.isEmpty { return converted }
        }
        guard carry.isEmpty else {
            carry = []
            throw InterchangeError.unsupportedEncoding("\(encoding.rawValue) with a truncated last character")
        }
        return nil
    }

    private mutating func firstChunk() throws -> [UInt8]? {
        started = true
        var head: [UInt8] = []
        while head.count < TextEncoding.sniffLength, let chunk = try base.nextChunk() { head += chunk }
        guard !head.isEmpty else { return nil }
        let detected = try TextEncoding.detect(head)
        encoding = detected.encoding
        let converted = convert(Array(head.dropFirst(detected.bomLength)))
        return converted.isEmpty ? try nextChunk() : converted
    }

    private mutating func convert(_ chunk: [UInt8]) -> [UInt8] {
        switch encoding {
        case .utf8: return chunk
        case .windows1252: return Transcoding.fromWindows1252(chunk)
        case .utf16LE, .utf16BE:
            let bytes = carry.isEmpty ? chunk : carry + chunk
            let (text, rest) = Transcoding.fromUTF16(bytes, littleEndian: encoding == .utf16LE)
            carry = rest
            return text
        }
    }
}
