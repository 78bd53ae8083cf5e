// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// A buffered text output (a file or stdout), so exports of a million records stay fast.
public final class TextSink {
    private let handle: FileHandle
    private let closeAtEnd: Bool
    private var buffer: [UInt8] = []

    /// Writes to `path` (created or truncated), or to stdout when `path` is nil or `-`.
    public init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else { throw ExportError.cannotWrite(path: path) }
            self.handle = handle
            closeAtEnd = true
        } else {
            handle = FileHandle.standardOutput
            closeAtEnd = false
        }
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text, flushing every 64 KiB.
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes out what is buffered (and closes a file).
    public func finish() {
        flush()
        if closeAtEnd { try? handle.close() }
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Why an export could not be written.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String)
    case unsupportedKind(format: String, kind: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write '\(path)'; check that its folder exists and is writable"
        case .unsupportedKind(let format, let kind):
            "\(format) export does not support --kind \(kind); use contact, company or deal"
        }
    }
}
