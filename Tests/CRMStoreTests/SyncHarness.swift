// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// A minimal in-test relay: a shared log with a global sequence, the way the server orders changes.
///
/// It lets store-level tests exercise the client merge (push pending, pull others') without HTTP;
/// the real server is tested end to end elsewhere.
final class SyncHarness {
    struct Entry {
        var seq: Int64
        var change: LocalChange
    }

    private(set) var log: [Entry] = []
    private var cursors: [ObjectIdentifier: Int64] = [:]

    /// Sends a device's pending changes (in batches of `batch`) and acknowledges them.
    func push(_ store: Store, batch: Int = 1000) throws {
        while true {
            let pending = try store.pendingChanges(limit: batch)
            guard let last = pending.last else { return }
            for change in pending where !log.contains(where: { $0.change.changeID == change.changeID }) {
                log.append(Entry(seq: Int64(log.count + 1), change: change))
            }
            try store.acknowledge(through: last.deviceSeq)
        }
    }

    /// Applies everyone else's changes after the device's cursor, a page at a time.
    func pull(_ store: Store, page: Int = 500) throws {
        let device = try store.deviceID()
        var cursor = cursors[ObjectIdentifier(store)] ?? 0
        while true {
            let slice = log.filter { $0.seq > cursor }.prefix(page)
            guard let last = slice.last else { break }
            let changes = slice.filter { $0.change.deviceID != device }.compactMap { entry in
                RemoteChange(
                    seq: entry.seq, changeID: entry.change.changeID, entity: entry.change.kind,
                    entityID: entry.change.entityID, op: entry.change.op, field: entry.change.field,
                    valueJSON: entry.change.valueJSON, hlc: entry.change.hlc, deviceID: entry.change.deviceID)
            }
            try store.applyRemote(changes, conflicts: [], cursor: last.seq)
            cursor = last.seq
        }
        cursors[ObjectIdentifier(store)] = cursor
    }

    func sync(_ stores: [Store]) throws {
        for store in stores { try push(store) }
        for store in stores { try pull(store) }
    }
}
