// crm — a terminal-first CRM. Licensed under the MIT License.

/// Which sync bodies travel gzip-compressed: the one rule for `crm sync`, crm-load and the server.
///
/// gzip has a cost per body that does not shrink with the body: resetting the kept stream, the
/// Huffman tables of its block, the 18 bytes of header and trailer, and on the request side a
/// `Content-Encoding: gzip` header line of 24 bytes. On a small body it saves few bytes for that
/// cost (Docs/BENCHMARKS.md, 2026-12-05, "gzip's cost on small sync bodies"), so a body of fewer
/// than `minimumBytes` goes plain, both ways: the server does not compress such an answer, and a
/// client does not compress such a push. The server takes a push plain or gzip-compressed
/// whatever its size (`RequestBodyReader`), so a client with another rule still syncs.
public enum GzipPolicy {
    /// Bodies of fewer bytes than this go plain JSON.
    public static let minimumBytes = 256

    /// Whether a body of `byteCount` bytes goes gzip-compressed, when the other side takes gzip.
    public static func compresses(_ byteCount: Int, minimum: Int = minimumBytes) -> Bool {
        byteCount >= minimum
    }
}
