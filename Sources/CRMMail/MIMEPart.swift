// crm — a terminal-first CRM. Licensed under the MIT License.

/// One node of a message's MIME tree (RFC 2045/2046): its headers, content type and either its
/// decoded body (a leaf) or its children (a multipart).
public struct MIMEPart: Sendable, Hashable {
    /// How deep multiparts may nest before deeper ones are kept as opaque leaves (real mail nests
    /// 3–5 levels; the limit keeps a hostile message from exhausting the stack).
    public static let maximumDepth = 24
    /// How many parts one message may have before the rest are ignored.
    public static let maximumParts = 1_000

    public let headers: MailHeaders
    public let contentType: ContentType
    /// The decoded bytes of a leaf (transfer encoding removed); empty for a multipart.
    public let body: [UInt8]
    public let children: [MIMEPart]

    /// Content-Disposition, if any.
    public var disposition: ContentType? { headers["Content-Disposition"].map(ContentType.init) }

    /// The part's file name: `filename` of Content-Disposition, else `name` of Content-Type.
    public var fileName: String? {
        let name = disposition?["filename"] ?? contentType["name"]
        return name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The leaf's text in its declared charset.
    public var text: String { Charset.decode(body, charset: contentType["charset"]) }

    /// Parses a part (headers, blank line, body).
    static func parse(_ bytes: ArraySlice<UInt8>, defaultType: String, depth: Int, budget: inout Int) -> MIMEPart {
        let (headerBytes, bodyBytes) = MessageSplit.split(bytes)
        let headers = MailHeaders.parse(headerBytes)
        let type = ContentType(headers["Content-Type"] ?? defaultType)
        let effective = type.value.contains("/") ? type : ContentType(defaultType)
        budget -= 1
        if effective.type == "multipart", let boundary = effective["boundary"], !boundary.isEmpty,
            depth < maximumDepth
        {
            let childDefault = effective.subtype == "digest" ? "message/rfc822" : "text/plain"
            var children: [MIMEPart] = []
            for section in sections(bodyBytes, boundary: Array(boundary.utf8)) {
                guard budget > 0 else { break }
                children.append(parse(section, defaultType: childDefault, depth: depth + 1, budget: &budget))
            }
            return MIMEPart(headers: headers, contentType: effective, body: [], children: children)
        }
        let decoded = TransferDecoding.decode(bodyBytes, encoding: headers["Content-Transfer-Encoding"])
        return MIMEPart(headers: headers, contentType: effective, body: decoded, children: [])
    }

    /// The body parts between `--boundary` lines, up to `--boundary--`; the preamble and epilogue
    /// are dropped, and the line end before each delimiter belongs to the delimiter (RFC 2046 5.1.1).
    static func sections(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        var result: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != 0x0A { lineEnd += 1 }
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let closing = rest.starts(with: [0x2D, 0x2D])
                if closing || rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        result.append(body[start..<max(start, end)])
                    }
                    if closing { return result }
                    partStart = min(lineEnd + 1, body.endIndex)
                }
            }
            lineStart = lineEnd + 1
        }
        if let start = partStart, start < body.endIndex { result.append(body[start...]) }
        return result
    }

    /// Every leaf below and including this part, depth first, in order.
    public var leaves: [MIMEPart] {
        children.isEmpty ? [self] : children.flatMap(\.leaves)
    }
}
