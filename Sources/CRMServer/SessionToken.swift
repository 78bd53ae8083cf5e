// crm — a terminal-first CRM. Licensed under the MIT License.

import Crypto
import Foundation

/// Bearer tokens: 256 random bits, of which the server stores only the SHA-256.
///
/// A stolen database then yields no usable token, and looking a session up by the hash of the
/// presented token means no secret is ever compared byte by byte in Swift.
enum SessionToken {
    /// A new token: 32 bytes from the system CSPRNG, base64url without padding.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The lowercase hex SHA-256 of a token, the only form the store keeps.
    ///
    /// Runs on every request: the hex digits come from a table, not from 32 `String(format:)`
    /// calls, which cost more than the hash itself (Docs/BENCHMARKS.md, 2026-12-04).
    static func hash(_ token: some StringProtocol) -> String {
        let digest = SHA256.hash(data: Array(token.utf8))
        var hex: [UInt8] = []
        hex.reserveCapacity(2 * SHA256.byteCount)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
