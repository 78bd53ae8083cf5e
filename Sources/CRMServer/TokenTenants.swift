// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// The tenant each session token was last seen with, so that a PostgreSQL pull can find its
/// tenant's rows in the instance's tail before its statement has read the session
/// (`PostgresTailPart`).
///
/// Only a hint: the statement uses the tail's rows only when the session it reads is that
/// tenant's, so a stale or wrong entry costs a full read and never a wrong page. Bounded: when
/// `capacity` tokens are known the map starts again empty, which costs each token one full read.
final class TokenTenants: Sendable {
    private let tenants = Mutex([String: String]())
    let capacity: Int

    init(capacity: Int = 65_536) {
        self.capacity = max(1, capacity)
    }

    /// The tenant `tokenHash` was last seen with, or nil.
    func tenant(of tokenHash: String) -> String? {
        tenants.withLock { $0[tokenHash] }
    }

    /// Records that `tokenHash` is a session of `tenantID`.
    func remember(_ tenantID: String, of tokenHash: String) {
        tenants.withLock { tenants in
            guard tenants[tokenHash] != tenantID else { return }
            if tenants.count >= capacity { tenants.removeAll(keepingCapacity: true) }
            tenants[tokenHash] = tenantID
        }
    }

    /// How many tokens are known (for tests).
    var count: Int { tenants.withLock { $0.count } }
}
