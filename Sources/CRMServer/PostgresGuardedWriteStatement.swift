// crm — a terminal-first CRM. Licensed under the MIT License.

import PostgresNIO

/// A push's plan written without a transaction around it, only if nothing changed since the
/// push read its state (`PostgresUnlockedPush`).
///
/// It is `PostgresWriteStatement` with a first step: lock the tenant's and the device's rows and
/// compare their versions (`xmin`, the transaction that wrote each row's current version) with
/// the ones `PostgresPushPeekStatement` read. Every push writes both rows, so equal versions mean
/// no push of this tenant committed in between, and the state the plan was made from is still
/// the committed one. Otherwise it writes nothing and answers false, and the push is made again
/// under the tenant's lock. As one statement it is its own transaction: all of it or none.
struct PostgresGuardedWriteStatement: PostgresPreparedStatement {
    /// The name it is prepared under on each connection (see `PostgresWriteStatement.name`).
    static let name = "crm_push_write_guarded"

    static let sql = PostgresWriteStatement.text(guarded: true)

    /// Whether it wrote.
    typealias Row = Bool

    var write: PostgresWriteStatement
    /// The versions read with the state, as PostgreSQL prints an `xid`.
    var versions: PostgresPushPeekStatement.Versions

    func makeBindings() throws -> PostgresBindings {
        var bindings = try write.makeBindings()
        bindings.append(versions.tenant)
        bindings.append(versions.device)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        var cells = PostgresCells(row, statement: "PostgresGuardedWriteStatement")
        let locked: Int64 = try cells.next()
        return locked > 0
    }
}
