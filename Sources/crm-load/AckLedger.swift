// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Synchronization

/// The change ids the server acknowledged, per tenant, and those sent but never acknowledged.
///
/// The verification compares the server's log against this: every acknowledged id must be there
/// exactly once. A change whose push timed out may or may not be stored (the answer was lost, not
/// necessarily the commit), so those are tracked apart and allowed either way.
final class AckLedger: Sendable {
    private struct State {
        var acknowledged: [String: [String]] = [:]
        var unacknowledged: [String: Set<String>] = [:]
        var contacts: [String: [String]] = [:]
    }

    private let state = Mutex(State())

    /// Records a committed push: its change ids, and the contacts it created (for others to edit).
    func acknowledge(tenant: String, changeIDs: [String], createdContacts: [String]) {
        state.withLock {
            $0.acknowledged[tenant, default: []].append(contentsOf: changeIDs)
            $0.contacts[tenant, default: []].append(contentsOf: createdContacts)
        }
    }

    /// Records changes still pending when their client stopped (sent at least once, never acknowledged).
    func leaveUnacknowledged(tenant: String, changeIDs: [String]) {
        state.withLock { $0.unacknowledged[tenant, default: []].formUnion(changeIDs) }
    }

    /// A random acknowledged contact of `tenant` (created by any client), or nil before the first.
    func randomContact(tenant: String, using generator: inout some RandomNumberGenerator) -> String? {
        state.withLock { $0.contacts[tenant]?.randomElement(using: &generator) }
    }

    func acknowledged(tenant: String) -> [String] { state.withLock { $0.acknowledged[tenant] ?? [] } }
    func unacknowledged(tenant: String) -> Set<String> { state.withLock { $0.unacknowledged[tenant] ?? [] } }
    var acknowledgedCount: Int { state.withLock { $0.acknowledged.values.reduce(0) { $0 + $1.count } } }
    var unacknowledgedCount: Int { state.withLock { $0.unacknowledged.values.reduce(0) { $0 + $1.count } } }
}
