// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation

/// A refused change as `rejected_changes` keeps it: its wire JSON, so a resend can be compared
/// with what was refused and a change id can never come back with other content.
enum RejectedContent {
    static func encode(_ change: WireChange) -> String {
        let data = (try? WireCoding.encoder().encode(change.content)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> WireChange? {
        try? WireCoding.decoder().decode(WireChange.self, from: Data(text.utf8))
    }
}
