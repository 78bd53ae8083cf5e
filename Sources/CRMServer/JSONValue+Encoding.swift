// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation

extension JSONValue {
    /// The JSON value of any encodable wire type (used to store conflicts as JSON text).
    init(encoding value: some Encodable) throws {
        let data = try WireCoding.encoder().encode(value)
        self = try WireCoding.decoder().decode(JSONValue.self, from: data)
    }
}
