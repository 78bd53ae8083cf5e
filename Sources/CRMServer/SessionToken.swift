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
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
