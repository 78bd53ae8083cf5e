// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A source of raw bytes read a chunk at a time, so that no file ever sits in memory whole.
///
/// Files come through `FileByteSource`; tests use `MemoryByteSource` with tiny chunks to push
/// every parser state across a chunk boundary.
public protocol ByteSource {
    /// The next chunk, or nil at the end. Never returns an empty chunk.
    mutating func nextChunk() throws -> [UInt8]?
    /// How many bytes have been handed out so far (drives the progress bar).
    var bytesRead: Int { get }
}

/// Reads a file in fixed-size chunks.
public struct FileByteSource: ByteSource {
    private let handle: FileHandle
    private let path: String
    private let chunkSize: Int
    public private(set) var bytesRead = 0
    /// The file's size in bytes when it was opened.
    public let totalBytes: Int

    /// Opens `path`; throws `InterchangeError.fileNotFound` if it is missing or unreadable.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { throw InterchangeError.fileNotFound(path: path) }
        self.handle = handle
        self.path = path
        self.chunkSize = chunkSize
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        totalBytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            throw InterchangeError.readFailed(path: path, reason: "\(error)")
        }
        guard let data, !data.isEmpty else { return nil }
        bytesRead += data.count
        return [UInt8](data)
    }
}

/// Hands out an in-memory byte array in chunks of a chosen size.
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let chunkSize: Int
    public private(set) var bytesRead = 0

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 20) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public init(_ text: String, chunkSize: Int = 1 << 20) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard bytesRead < bytes.count else { return nil }
        let end = min(bytes.count, bytesRead + chunkSize)
        defer { bytesRead = end }
        return Array(bytes[bytesRead..<end])
    }
}
