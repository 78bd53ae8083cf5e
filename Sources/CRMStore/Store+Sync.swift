// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

/// A conflict as this device stores and shows it (`crm sync conflicts`).
public struct ConflictRecord: Hashable, Sendable {
    public var seq: Int64
    public var kind: String
    public var entity: String
    public var entityID: String
    public var field: String
    public var winnerValue: String?
    public var winnerHLC: String
    public var winnerDevice: String
    public var loserValue: String?
    public var loserHLC: String
    public var loserDevice: String
    public var loserUser: String?
    public var receivedAt: Int64
}

extension Store {
    /// Merges one pulled page into the local store and advances the cursor, all in one transaction.
    ///
    /// Values this version does not know (`unknown`) are kept for a later version (`UnknownField`).
    ///
    /// A crash anywhere re-pulls the page; re-applying is a no-op because an identical
    /// `(hlc, device)` never beats itself, so the cursor can never be ahead of applied data.
    @discardableResult
    public func applyRemote(
        _ changes: [RemoteChange], conflicts: [RemoteConflict], unknown: [UnknownField] = [], cursor: Int64
    ) throws -> ApplyStats {
        try writer.write { db in
            try CheckGate.ensureWritable(db, path: path)
            var applier = RemoteApplier(db: db, nowMillis: clock())
            try applier.apply(changes)
            for field in unknown {
                try field.store(db)
                if field.hlc > applier.highest { applier.highest = field.hlc }
                applier.stats.kept += 1
            }
            for conflict in conflicts {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO conflicts (seq, field, kind, entity, entity_id, winner_value, winner_hlc,
                            winner_device, loser_value, loser_hlc, loser_device, loser_user, received_at)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        conflict.seq, conflict.field, conflict.kind, conflict.entity, conflict.entityID,
                        conflict.winnerValue,
                        conflict.winnerHLC, conflict.winnerDevice, conflict.loserValue, conflict.loserHLC,
                        conflict.loserDevice, conflict.loserUser, clock(),
                    ])
                applier.stats.conflicts += db.changesCount
            }
            if !conflicts.isEmpty {
                let device = try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1") ?? ""
                for conflict in conflicts { try applier.takeWinner(of: conflict, device: device) }
            }
            let last = try Int64.fetchOne(db, sql: "SELECT last_hlc FROM clock WHERE id = 1") ?? 0
            var hybrid = HybridLogicalClock(last: HLC(rawValue: last))
            // Wall clock + offset, as local writes tick (SYNC.md 3.2): the bare wall clock of a
            // device running fast stamped its writes after each pull at its own fast time.
            hybrid.observe(applier.highest, nowMillis: clock() + (try ChangeRecorder.serverOffset(db)))
            try db.execute(sql: "UPDATE clock SET last_hlc = ? WHERE id = 1", arguments: [hybrid.last.rawValue])
            try Self.setSetting(db, "sync.cursor", String(cursor))
            return applier.stats
        }
    }

    /// Local changes not yet acknowledged, in `device_seq` order: at most `limit` changes and
    /// about `maxBytes` of values, cut where a push may be cut.
    ///
    /// Whole transactions when they fit, so a multi-field edit is never seen half-applied. A
    /// transaction larger than one push (a `--strict` import of thousands of records) is cut
    /// between records, never inside one record's changes; a single change always goes (no
    /// value may be larger than a push, `FieldSpec.maxValueBytes`). So nothing local can wedge
    /// the queue (SYNC.md 3.5).
    public func pendingChanges(limit: Int, maxBytes: Int = Int.max) throws -> [LocalChange] {
        try read { db in
            let acked = Int64(try Self.setting(db, "sync.acked_through") ?? "0") ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM change_log WHERE device_seq > ? ORDER BY device_seq LIMIT ?",
                arguments: [acked, limit + 1])
            let device = try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1") ?? ""
            let cut = Self.pushCut(rows, limit: limit, maxBytes: maxBytes)
            return rows.prefix(cut).map { Self.localChange($0, deviceID: device) }
        }
    }

    /// How many of `rows` (one more than `limit` when the log goes on) the next push takes.
    static func pushCut(_ rows: [Row], limit: Int, maxBytes: Int) -> Int {
        var taken = 0
        var bytes = 0
        for row in rows {
            let size = ((row["value"] as String?)?.utf8.count ?? 0) + 256
            if taken > 0 && (taken == limit || bytes + size > maxBytes) { break }
            taken += 1
            bytes += size
        }
        guard taken < rows.count else { return taken }
        func differ(_ column: String, at index: Int) -> Bool {
            (rows[index - 1][column] as DatabaseValue) != (rows[index][column] as DatabaseValue)
        }
        if let boundary = (1...taken).last(where: { differ("tx_id", at: $0) }) { return boundary }
        if let boundary = (1...taken).last(where: { differ("entity_id", at: $0) }) { return boundary }
        return taken
    }

    static func localChange(_ row: Row, deviceID: String) -> LocalChange {
        LocalChange(
            deviceSeq: row["device_seq"], changeID: row["change_id"], txID: row["tx_id"],
            hlc: HLC(rawValue: row["hlc"]),
            baseHLC: (row["base_hlc"] as Int64?).map(HLC.init(rawValue:)), deviceID: deviceID,
            kind: row["entity"],
            entityID: row["entity_id"], op: row["op"], field: row["field"], valueJSON: row["value"])
    }

    /// Records that the server has every local change up to `deviceSeq`.
    public func acknowledge(through deviceSeq: Int64) throws {
        try writer.write { db in
            let acked = Int64(try Self.setting(db, "sync.acked_through") ?? "0") ?? 0
            if deviceSeq > acked { try Self.setSetting(db, "sync.acked_through", String(deviceSeq)) }
        }
    }

    /// How many local changes wait to be pushed.
    ///
    /// The newest device sequence minus the acknowledged one, not a `COUNT(*)`: the log is only
    /// appended to and numbered without gaps (`check()` verifies both), so the two agree, and
    /// reading `MAX` of the primary key is one seek where counting walks every entry after the
    /// acknowledged one. The TUI's status line reads this at start and every few seconds; with
    /// a million unsynced records the count took the better part of a second (Docs/BENCHMARKS.md).
    public func pendingCount() throws -> Int {
        try read { db in
            let acked = Int64(try Self.setting(db, "sync.acked_through") ?? "0") ?? 0
            let newest = try Int64.fetchOne(db, sql: "SELECT MAX(device_seq) FROM change_log") ?? 0
            return Int(max(0, newest - acked))
        }
    }

    /// Conflicts received from the server, newest first.
    public func conflicts(limit: Int = 200) throws -> [ConflictRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM conflicts ORDER BY seq DESC, field LIMIT ?", arguments: [limit])
                .map { row in
                    ConflictRecord(
                        seq: row["seq"], kind: row["kind"], entity: row["entity"], entityID: row["entity_id"],
                        field: row["field"],
                        winnerValue: row["winner_value"], winnerHLC: row["winner_hlc"],
                        winnerDevice: row["winner_device"],
                        loserValue: row["loser_value"], loserHLC: row["loser_hlc"], loserDevice: row["loser_device"],
                        loserUser: row["loser_user"], receivedAt: row["received_at"])
                }
        }
    }

    /// A sync setting (server, tenant, cursor, acknowledged sequence, last error…).
    public func syncSetting(_ key: String) throws -> String? {
        try read { db in try Self.setting(db, "sync." + key) }
    }

    /// Stores a sync setting; nil removes it.
    public func setSyncSetting(_ key: String, _ value: String?) throws {
        try writer.write { db in try Self.setSetting(db, "sync." + key, value) }
    }

    static func setting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
    }

    static func setSetting(_ db: Database, _ key: String, _ value: String?) throws {
        guard let value else {
            try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
            return
        }
        try db.execute(
            sql:
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}

extension Store {
    /// Moves the acknowledged mark back (the server has less than this device thought, 409 gap).
    public func resetAcknowledged(to deviceSeq: Int64) throws {
        try writer.write { db in try Self.setSetting(db, "sync.acked_through", String(max(0, deviceSeq))) }
    }
}

extension Store {
    /// Moves the unpushed changes the server refuses as ahead of its clock, and the field stamps
    /// they left on rows, to server time now that the offset from this device's clock to the
    /// server's is `offsetMillis` (SYNC.md 3.2), and makes later writes use wall clock + offset.
    ///
    /// Safe because no other device has seen these changes: order among them is kept (a uniform
    /// shift), and a device whose clock ran fast or slow offline then competes fairly with
    /// everyone else's real-time edits. The only place an HLC may move backwards, and never below
    /// an HLC the device has seen from others or already pushed (`highestSeen`). How far they move
    /// is `restampShift`. A change no more than `aheadLimitMillis` (the server's bound) ahead of
    /// server time stays as it is: the server may already hold it, from a push whose answer was
    /// lost, and a change it holds that came again with another HLC is refused for good.
    public func restamp(offsetMillis: Int64, aheadLimitMillis: Int64) throws {
        try writer.write { db in
            let acked = Int64(try Self.setting(db, "sync.acked_through") ?? "0") ?? 0
            let device = try String.fetchOne(db, sql: "SELECT device_id FROM clock WHERE id = 1") ?? ""
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT device_seq, hlc, base_hlc, entity, entity_id FROM change_log
                    WHERE device_seq > ? ORDER BY device_seq
                    """,
                arguments: [acked])
            let serverNow = clock() + offsetMillis
            let shift = Self.restampShift(
                newest: rows.map { $0["hlc"] as Int64 }.max().map(HLC.init(rawValue:)), learned: offsetMillis,
                stored: try ChangeRecorder.serverOffset(db), serverNow: serverNow)
            let mapping = Self.restampMapping(rows, shift: shift, keepingThrough: serverNow + aheadLimitMillis)
            var entities: Set<String> = []
            for row in rows {
                let old: Int64 = row["hlc"]
                // A base that is one of these changes moves with it.
                let base: Int64? = row["base_hlc"]
                entities.insert("\(row["entity"] as String)\u{1f}\(row["entity_id"] as String)")
                try db.execute(
                    sql: "UPDATE change_log SET hlc = ?, base_hlc = ? WHERE device_seq = ?",
                    arguments: [mapping[old] ?? old, base.map { mapping[$0] ?? $0 }, row["device_seq"]])
            }
            for key in entities {
                let parts = key.split(separator: "\u{1f}").map(String.init)
                guard parts.count == 2, let kind = EntityKind(rawValue: parts[0]) else { continue }
                try Self.restampRow(db, kind: kind, id: parts[1], device: device, mapping: mapping)
            }
            try Self.setSetting(db, "sync.server_offset_ms", String(offsetMillis))
            let newest = mapping.values.max() ?? 0
            let now = HLC(millis: clock() + offsetMillis, counter: 0).rawValue
            let seen = try Self.highestSeen(db, acked: acked)
            try db.execute(sql: "UPDATE clock SET last_hlc = ? WHERE id = 1", arguments: [max(newest, now, seen)])
        }
    }

    /// The new HLC of each unpushed change's HLC (`rows` in `device_seq` order).
    ///
    /// A change moves by `shift`, but never to or before the value it overwrote (its base) nor
    /// before the device's earlier changes: the device had seen those when it wrote, and a change
    /// stamped before them loses to them on every other device while this one keeps it (found by
    /// SyncModelTests with clocks an hour apart). A change at or below `keepingThrough` keeps its
    /// HLC (the server may hold it; found by SyncModelTests once restamps moved changes by the
    /// change of offset).
    static func restampMapping(_ rows: [Row], shift: Int64, keepingThrough: Int64) -> [Int64: Int64] {
        var mapping: [Int64: Int64] = [:]
        var previous: Int64 = 0
        for row in rows {
            let old = HLC(rawValue: row["hlc"])
            guard old.millis > keepingThrough else {
                mapping[old.rawValue] = old.rawValue
                previous = max(previous, old.rawValue)
                continue
            }
            var new = mapping[old.rawValue] ?? HLC(millis: old.millis + shift, counter: old.counter).rawValue
            if let base: Int64 = row["base_hlc"] { new = max(new, (mapping[base] ?? base) + 1) }
            new = max(new, mapping[old.rawValue] == nil ? previous + 1 : previous)
            mapping[old.rawValue] = new
            previous = new
        }
        return mapping
    }

    /// How far a restamp moves the unpushed changes, of which `newest` is the newest.
    ///
    /// They were stamped at wall clock + the offset stored then (`stored`), so they move by the
    /// change of offset, `learned - stored`. Moving them by the whole learned offset, as if
    /// stamped at the bare wall clock, put the changes of a device that already knew its offset
    /// that offset away from server time: back for a fast clock, where a later edit then lost to
    /// an earlier one everywhere, ahead for a slow one, met by 422 `clock_ahead` again. And they
    /// move at least far enough to bring `newest` to server time: a 422 says the changes are
    /// ahead, whatever the stored offset claims (a clock corrected, or another process of the
    /// device on another clock, after the offset was learned), and a shift that left them ahead
    /// would be refused at every sync.
    static func restampShift(newest: HLC?, learned: Int64, stored: Int64, serverNow: Int64) -> Int64 {
        let change = learned - stored
        guard let newest else { return change }
        return min(change, serverNow - newest.millis)
    }

    /// The highest HLC this device has seen that a restamp does not move: every change it pulled
    /// (`remote_log`), every value it keeps for a later version (`unknown_fields`), and its own
    /// changes the server already has.
    ///
    /// A restamp may set the clock back from where the device's own fast clock took it, but never
    /// below these: a later local write must be stamped after every write it could have seen. A
    /// device whose clock runs fast by less than the server's 5-minute bound pushes such HLCs, and
    /// a clock set back below a create pulled from it stamped the next edit of that record before
    /// the create. The server took the edit (the create had not written the field) and every
    /// other device dropped it, while this one kept it (the second 1,000-seed SyncModelTests run,
    /// seed 1796388294; `RestampTests`). Restamps are rare (a 422 `clock_ahead`), so the scans
    /// cost nothing that matters.
    static func highestSeen(_ db: Database, acked: Int64) throws -> Int64 {
        let pulled = try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM remote_log") ?? 0
        let kept = try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM unknown_fields") ?? 0
        let pushed =
            try Int64.fetchOne(db, sql: "SELECT MAX(hlc) FROM change_log WHERE device_seq <= ?", arguments: [acked])
            ?? 0
        return max(pulled, kept, pushed)
    }

    private static func restampRow(
        _ db: Database, kind: EntityKind, id: String, device: String, mapping: [Int64: Int64]
    ) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT hlc, hlc_device, field_hlc FROM \(kind.table) WHERE id = ?", arguments: [id])
        else { return }
        var stamps = FieldClock(hlc: row["hlc"], device: row["hlc_device"], json: row["field_hlc"])
        if stamps.created.device == device, let new = mapping[stamps.created.hlc.rawValue] {
            stamps.created.hlc = HLC(rawValue: new)
        }
        for (field, stamp) in stamps.fields where stamp.device == device {
            if let new = mapping[stamp.hlc.rawValue] { stamps.fields[field]?.hlc = HLC(rawValue: new) }
        }
        try db.execute(
            sql: "UPDATE \(kind.table) SET hlc = ?, field_hlc = ? WHERE id = ?",
            arguments: [stamps.created.hlc.rawValue, stamps.json, id])
    }
}
