// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import GRDB

/// First-run contents: the device clock, the default pipeline stages and SLA policies.
///
/// Stages and policies get stable ids, so two devices that start apart create the very same
/// records and converge when they sync instead of showing every stage twice.
enum Seed {
    /// Adds what a new database lacks; reads first, so a seeded database is not write-locked.
    static func ensure(_ store: Store) throws {
        let (hasClock, seeded) = try store.read { db in
            (
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM clock)") ?? false,
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM stages)") ?? false
            )
        }
        if !hasClock {
            try store.writer.write { db in
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clock") == 0 {
                    try db.execute(
                        sql: "INSERT INTO clock (id, device_id, last_hlc, last_device_seq) VALUES (1, ?, 0, 0)",
                        arguments: [UUID().uuidString.lowercased()])
                }
            }
        }
        guard !seeded else { return }
        try store.write { recorder in
            recorder.logging = false
            for (position, stage) in PipelineStage.defaults.enumerated() {
                try recorder.create(
                    .stage, id: RecordID.stable(namespace: "default-stage", name: stage.name),
                    [
                        "name": .text(stage.name), "position": .integer(Int64(position + 1)),
                        "probability": .integer(Int64(stage.probability)), "kind": .text(stage.kind.rawValue),
                    ])
            }
            for policy in SLAPolicy.defaults {
                try recorder.create(
                    .slaPolicy, id: RecordID.stable(namespace: "default-sla", name: policy.priority.rawValue),
                    [
                        "priority": .text(policy.priority.rawValue),
                        "first_response_minutes": .integer(policy.firstResponseMinutes),
                        "resolution_minutes": .integer(policy.resolutionMinutes),
                    ])
            }
        }
    }
}
