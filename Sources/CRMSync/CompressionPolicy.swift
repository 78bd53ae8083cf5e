// crm — a terminal-first CRM. Licensed under the MIT License.

/// Which sync bodies travel compressed: the one rule for `crm sync`, crm-load and the server.
///
/// Compression has a cost per body that does not shrink with the body: resetting the kept
/// context, the tables of its block, gzip's 18 bytes of header and trailer (a zstd frame's 10–20),
/// and on the request side a `Content-Encoding: gzip` header line of 24 bytes. On a small body it
/// saves few bytes for that cost (Docs/BENCHMARKS.md, 2026-12-05, "gzip's cost on small sync
/// bodies"), so a body of fewer than `minimumBytes` goes plain, both ways: the server does not
/// compress such an answer, in either coding (`ContentCoding`), and a client does not compress such
/// a push. The server takes a push plain or gzip-compressed whatever its size
/// (`RequestBodyReader`), so a client with another rule still syncs.
public enum CompressionPolicy {
    /// Bodies of fewer bytes than this go plain JSON.
    public static let minimumBytes = 256

    /// Whether a body of `byteCount` bytes goes compressed, when the other side takes a coding.
    public static func compresses(_ byteCount: Int, minimum: Int = minimumBytes) -> Bool {
        byteCount >= minimum
    }
}
