// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Where `PushRowFormat.decodeRow` reads a row's members from, one after another: the decoder's
/// unkeyed container (`PushRowFormat.ContainerRow`) or the bytes of the body (`PushBodyParser`).
///
/// One row reader for both keeps the rules of a row (what `null` stands for, how ids and clocks
/// are shortened, which refusal names which row) in one place.
protocol PushRowReader {
    /// Consumes the next member and says true if it is `null`; leaves any other member unread.
    mutating func decodeNil() throws -> Bool
    mutating func decode(_ type: String.Type) throws -> String
    mutating func decode(_ type: Int64.Type) throws -> Int64
    mutating func decode(_ type: JSONValue.Type) throws -> JSONValue
    /// The error that refuses row `index` (from 0) for `reason`.
    func refusal(_ index: Int, _ reason: String) -> any Error
}
