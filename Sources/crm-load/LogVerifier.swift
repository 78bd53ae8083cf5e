// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import NIOCore

/// Checks after the run that every acknowledged change is in the server's log exactly once, and
/// that fresh devices pulling everything reach the same state.
///
/// For each tenant a fresh device pulls the whole log; its client changes (conflict records are
/// the server's own) are compared with the ledger by id: none missing, none twice, none that no
/// client sent. Changes whose push got no answer may be stored or not. For the first
/// `convergenceSample` tenants two more fresh devices pull with other page sizes, one folding its
/// pages in reverse, and all three state digests must match.
struct LogVerifier {
    let plan: LoadPlan
    let group: any EventLoopGroup
    let ledger: AckLedger

    /// One tenant's result.
    struct TenantCheck: Sendable, Codable {
        var tenant: String
        var acknowledged = 0
        var logged = 0
        var missing = 0
        var duplicated = 0
        var unexpected = 0
        var storedUnacknowledged = 0
        var acknowledgedChecksum: UInt64 = 0
        /// Over every log occurrence except stored-unacknowledged ones: equal to the acknowledged
        /// checksum exactly when the log holds each acknowledged change once and nothing else.
        var loggedChecksum: UInt64 = 0
        var digests: [String] = []
        var conflicts = 0

        var passed: Bool { missing == 0 && duplicated == 0 && unexpected == 0 && Set(digests).count <= 1 }
    }

    /// Checks every tenant of the plan.
    func verify() async throws(LoadError) -> [TenantCheck] {
        var checks: [TenantCheck] = []
        for index in 0..<plan.tenants {
            checks.append(try await check(tenant: plan.tenantName(index), sample: index < plan.convergenceSample))
        }
        return checks
    }

    func check(tenant: String, sample: Bool) async throws(LoadError) -> TenantCheck {
        let device = FreshDevice(plan: plan, group: group, tenant: tenant)
        let pages = try await device.pullEverything(limit: SyncAPI.maxPullLimit)
        var result = TenantCheck(tenant: tenant)
        var seen: [String: Int] = [:]
        for change in pages.joined() {
            if change.op == .conflict {
                result.conflicts += 1
            } else {
                seen[change.changeID, default: 0] += 1
            }
        }
        let acknowledged = ledger.acknowledged(tenant: tenant)
        let unacknowledged = ledger.unacknowledged(tenant: tenant)
        let acknowledgedSet = Set(acknowledged)
        result.acknowledged = acknowledged.count
        result.logged = seen.values.reduce(0, +)
        result.duplicated = seen.values.filter { $0 > 1 }.count + (acknowledged.count - acknowledgedSet.count)
        result.missing = acknowledgedSet.filter { seen[$0] == nil }.count
        for id in seen.keys where !acknowledgedSet.contains(id) {
            if unacknowledged.contains(id) { result.storedUnacknowledged += 1 } else { result.unexpected += 1 }
        }
        result.acknowledgedChecksum = Self.checksum(acknowledged)
        result.loggedChecksum = Self.checksum(
            pages.joined().lazy.filter { $0.op != .conflict && !unacknowledged.contains($0.changeID) }.map(\.changeID))
        guard sample else { return result }
        var first = StateFold()
        for change in pages.joined() { first.apply(change) }
        result.digests.append(first.digest)
        for (limit, reversed) in [(1000, true), (777, false)] {
            let other = try await device.pullEverything(limit: limit)
            var fold = StateFold()
            for page in reversed ? Array(other.reversed()) : other {
                for change in page { fold.apply(change) }
            }
            result.digests.append(fold.digest)
        }
        return result
    }

    /// Order-free checksum of a set of ids: the wrapping sum of each id's FNV-1a 64 hash.
    static func checksum(_ ids: some Sequence<String>) -> UInt64 {
        ids.reduce(0) { sum, id in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return sum &+ hash
        }
    }
}
