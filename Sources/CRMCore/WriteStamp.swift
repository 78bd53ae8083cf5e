// crm — a terminal-first CRM. Licensed under the MIT License.

/// Who wrote a register's value, and when: the pair every replica orders writes by.
///
/// The last-writer-wins rule of sync (SYNC.md 3.5) in one place: the server's merge (`LWWMerge`
/// in CRMSync) and each device's applier of pulled changes (`RemoteApplier` in CRMStore) both ask
/// `beats`, so they cannot disagree about which write is current. It lives here, below both.
///
/// ```swift
/// let incoming = WriteStamp(hlc: pulled.hlc, deviceID: pulled.deviceID)
/// if incoming.beats(current) { /* the pulled value replaces the stored one */ }
/// ```
public struct WriteStamp: Hashable, Comparable, Sendable {
    public var hlc: HLC
    public var deviceID: String

    public init(hlc: HLC, deviceID: String) {
        self.hlc = hlc
        self.deviceID = deviceID
    }

    /// The later HLC is later; on a tie the greater device id is, so every replica picks the same.
    public static func < (lhs: WriteStamp, rhs: WriteStamp) -> Bool {
        (lhs.hlc, lhs.deviceID) < (rhs.hlc, rhs.deviceID)
    }

    /// Whether a write with this stamp replaces the value written with `current`.
    ///
    /// Only a strictly later stamp does: an identical one is the same write arriving again, a no-op.
    public func beats(_ current: WriteStamp) -> Bool { self > current }
}
