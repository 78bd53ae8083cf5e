// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The JSON encoder and decoder both sides use for wire bodies.
///
/// Keys are spelled out in each type's `CodingKeys`, so no key strategy is set; keys are sorted so
/// identical messages produce identical bytes (which keeps gzip and tests stable).
public enum WireCoding {
    /// A fresh encoder for wire bodies.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A fresh decoder for wire bodies.
    public static func decoder() -> JSONDecoder { JSONDecoder() }
}
