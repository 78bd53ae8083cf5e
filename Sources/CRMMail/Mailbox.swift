// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The messages of a local mailbox: a Maildir (a directory with `cur/` and `new/`) or an mbox file.
///
/// Each message comes with where it was found (`file` for Maildir, `line` for mbox) so an error can
/// name it. Reading is separate from parsing: ``MailMessage`` parses each entry's bytes.
public struct Mailbox: Sendable {
    /// One message's raw bytes and where it came from.
    public struct Entry: Sendable {
        public let location: String
        public let bytes: [UInt8]
    }

    public let entries: [Entry]

    /// Reads `path`: a directory is read as a Maildir (`new/` then `cur/`, each sorted by name, so
    /// delivery order is kept), a file as an mbox.
    /// - Throws: ``MailboxError`` naming the path when it is absent, unreadable or neither format.
    public init(path: String) throws(MailboxError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MailboxError.missing(path: path)
        }
        if isDirectory.boolValue {
            entries = try Self.maildir(path)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MailboxError.unreadable(path: path)
            }
            entries = try Self.mbox(Array(data), path: path)
        }
    }

    private static func maildir(_ path: String) throws(MailboxError) -> [Entry] {
        let folders = ["new", "cur"].map { (path as NSString).appendingPathComponent($0) }
        guard folders.contains(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw MailboxError.notAMailbox(path: path, reason: "a directory without cur/ or new/ is not a Maildir")
        }
        var result: [Entry] = []
        for folder in folders {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let file = (folder as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw MailboxError.unreadable(path: file)
                }
                result.append(Entry(location: file, bytes: Array(data)))
            }
        }
        return result
    }

    /// Splits an mbox at `From ` lines at the start of the file or after a blank line, and undoes
    /// the `>From ` quoting of mboxrd/mboxo (one `>` removed from `>…>From ` lines).
    static func mbox(_ bytes: [UInt8], path: String) throws(MailboxError) -> [Entry] {
        let from = Array("From ".utf8)
        guard bytes.starts(with: from) else {
            throw MailboxError.notAMailbox(
                path: path, reason: "an mbox file starts with a 'From ' line; give a Maildir directory or an mbox file")
        }
        var result: [Entry] = []
        var current: [UInt8] = []
        var startLine = 1
        var lineNumber = 0
        var previousBlank = true
        for line in MailText.linesKeepingEnds(bytes[...]) {
            lineNumber += 1
            if previousBlank, line.starts(with: from) {
                if lineNumber > 1 { result.append(Entry(location: "\(path):\(startLine)", bytes: trimmedEnd(current))) }
                current = []
                startLine = lineNumber
                previousBlank = false
                continue
            }
            let quoted = line.prefix { $0 == 0x3E }
            if !quoted.isEmpty, line.dropFirst(quoted.count).starts(with: from) {
                current.append(contentsOf: line.dropFirst())
            } else {
                current.append(contentsOf: line)
            }
            previousBlank = line.allSatisfy { $0 == 0x0A || $0 == 0x0D }
        }
        result.append(Entry(location: "\(path):\(startLine)", bytes: trimmedEnd(current)))
        return result
    }

    /// The message without the blank line mbox puts before the next `From `.
    private static func trimmedEnd(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        if result.last == 0x0A {
            result.removeLast()
            if result.last == 0x0D { result.removeLast() }
        }
        return result
    }
}

/// Why a mailbox could not be read.
public enum MailboxError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String)
    case notAMailbox(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "no mailbox at \(path): give the path of a Maildir directory or an mbox file"
        case .unreadable(let path): "cannot read \(path): check its permissions"
        case .notAMailbox(let path, let reason): "\(path) is not a mailbox: \(reason)"
        }
    }
}
