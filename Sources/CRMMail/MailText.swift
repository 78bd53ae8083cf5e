// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Byte and text helpers shared by the parser's parts.
enum MailText {
    /// The lines of `bytes` without their CR LF or LF ends.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                var end = index
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                result.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        if start < bytes.endIndex {
            var end = bytes.endIndex
            if bytes[end - 1] == 0x0D { end -= 1 }
            result.append(bytes[start..<end])
        }
        return result
    }

    /// A raw header value as text: UTF-8 when it is valid (RFC 6532), else ISO-8859-1, so no byte is lost.
    static func headerString(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
    }
}

extension StringProtocol {
    /// The text without the spaces, tabs and line ends around it.
    func trimmingMailSpace() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension MailText {
    /// The lines of `bytes` with their line ends kept.
    static func linesKeepingEnds(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.endIndex { result.append(bytes[start...]) }
        return result
    }
}
