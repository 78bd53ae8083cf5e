// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import PostgresNIO

extension PostgresPushTransaction {
    /// A resent change that was refused before: the same refusal again.
    func earlierRefusal(of change: WireChange) async throws -> RejectedChange {
        let row = try await sql.row(
            """
            SELECT content, code, message FROM rejected_changes
            WHERE tenant_id = \(batch.tenantID) AND device_id = \(batch.deviceID) AND device_seq = \(change.deviceSeq)
            """)
        guard let row, let stored = RejectedContent.decode(try row.value("content")),
            stored.content == change.content
        else { throw StoreError.changeReused(changeID: change.changeID) }
        return RejectedChange(changeID: change.changeID, code: try row.value("code"), message: try row.value("message"))
    }

    /// Keeps a refused change out of the log, counted against the device's sequence.
    mutating func reject(_ change: WireChange, _ refusal: RejectedChange) async throws {
        try await sql.run(
            """
            INSERT INTO rejected_changes (tenant_id, device_id, device_seq, change_id, content, code, message,
                received_at)
            VALUES (\(batch.tenantID), \(batch.deviceID), \(change.deviceSeq), \(change.changeID),
                \(RejectedContent.encode(change)), \(refusal.code), \(refusal.message), \(batch.now))
            """)
        rejected.append(refusal)
    }

    /// The visibility class of `change`, reading the activity's stored `case_id` when the change
    /// itself does not name one.
    func scope(of change: WireChange) async throws -> String? {
        guard change.kind == .activity else { return nil }
        let namesCase = change.op == .create || (change.op == .set && change.field == "case_id")
        let stored = namesCase ? nil : try await fieldState(change, "case_id")?.value
        return RoleRules.scope(of: change, storedCaseID: stored)
    }
}
