// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync

/// A store's side of a push, bound to one tenant: read the state a batch needs, apply a plan.
///
/// A store opens one for the tenant of a verified token, inside the push's transaction; every
/// statement it runs carries that tenant, and neither a `PushState` nor a `PushPlan` names one, so
/// a push cannot read or write another tenant's rows by passing the wrong id. The decision in
/// between is `PushPlanner`'s, the same for every store: a store only reads and writes, each in a
/// constant number of statements per batch.
protocol TenantPushScope {
    /// The tenant every read and write of this scope is confined to.
    var tenantID: String { get }

    /// Takes the tenant's write lock and reads everything `PushPlanner` needs for `batch`.
    /// Throws `StoreError.tenantNotFound` for an unknown tenant.
    func readState(for batch: PushBatch) async throws -> PushState

    /// Writes `plan`; the caller commits (or rolls back) the transaction around it.
    func apply(_ plan: PushPlan) async throws
}

extension TenantPushScope {
    /// Reads, plans and applies one push in the caller's transaction; returns what to acknowledge.
    func push(_ batch: PushBatch) async throws -> PushOutcome {
        let plan = try PushPlanner(batch: batch, state: try await readState(for: batch)).plan()
        try await apply(plan)
        return plan.outcome
    }
}
