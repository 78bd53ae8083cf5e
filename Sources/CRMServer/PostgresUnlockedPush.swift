// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync

/// A push of new changes in two statements and no transaction: read the state without a lock,
/// plan, and write the plan only if no push of the tenant committed in between.
///
/// Under the tenant's lock a push is five round trips to PostgreSQL (BEGIN, lock, read, write,
/// COMMIT), and each costs the instance a message exchange through PostgresNIO and PostgreSQL a
/// wake-up (Docs/BENCHMARKS.md, 2026-12-05, sixth session). Here it is two:
/// `PostgresPushPeekStatement` reads the state with the versions of the tenant's and the device's
/// rows, and `PostgresGuardedWriteStatement` locks both rows, compares the versions and writes,
/// all in one statement. Pushes of one tenant still serialise: a write happens only on the state
/// its plan was made from, under the same row locks as the locked push takes. A change is
/// acknowledged only after its statement committed, as before.
///
/// What this cannot decide is left to the locked push (`PostgresTenantPushScope`): a batch that
/// re-sends a change (its stored copy and refusals are read under the lock), a write that found
/// the rows changed, a push of the same tenant having committed in between (45 pushes of 6,000 in
/// the load bench at 1,000 devices, twenty a tenant), and a push admitted with a session read at
/// another auth revision than the one read here (`SessionCache`): a session of the tenant ended
/// or changed since, which the locked push reads again. An equal revision holds until the write,
/// since raising it writes the tenant's row, whose version the write compares. A refusal of the
/// whole push (unknown device, wrong epoch, a gap in device seqs) is answered from the state
/// read: it writes nothing.
struct PostgresUnlockedPush {
    let sql: PostgresExecutor
    let tenantID: String

    /// The outcome once committed, or nil when the batch must be pushed under the lock.
    func push(_ batch: PushBatch) async throws -> PushOutcome? {
        guard
            let (state, versions, authRevision) = try await sql.first(
                PostgresPushPeekStatement(tenantID: tenantID, batch: batch))
        else { throw StoreError.tenantNotFound(tenantID) }
        if let admitted = batch.session, admitted.authRevision != authRevision { return nil }
        if let device = state.device, batch.changes.contains(where: { $0.deviceSeq <= device.lastDeviceSeq }) {
            return nil
        }
        let plan = try PushPlanner(batch: batch, state: state).plan()
        // The planner refuses a push from a device the tenant does not have, so versions are set.
        guard let versions else { return nil }
        let write = PostgresGuardedWriteStatement(
            write: PostgresWriteStatement(plan: plan, tenantID: tenantID), versions: versions)
        guard try await sql.first(write) == true else { return nil }
        return plan.outcome
    }
}
