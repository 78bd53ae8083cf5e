// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMServer

/// Which command lines get NIO's event loops as Swift's global executor: `serve` on PostgreSQL
/// only (SQLite's store blocks a thread per statement, which must not be an event loop).
@Suite struct ConcurrencyExecutorTests {
    @Test(arguments: [
        ["serve", "--db", "postgres://crm@127.0.0.1:5432/crm"],
        ["serve", "--port", "0", "--db", "postgresql://crm@127.0.0.1/crm"],
        ["serve", "--db=postgres://crm@127.0.0.1/crm", "--log-level", "error"],
    ])
    func servingPostgresTakesTheEventLoops(arguments: [String]) {
        #expect(ConcurrencyExecutor.servesPostgres(arguments))
    }

    @Test(arguments: [
        ["serve", "--db", "sqlite:/tmp/crm.sqlite"],
        ["serve"],
        ["serve", "--db"],
        ["tenant", "add", "acme", "--db", "postgres://crm@127.0.0.1/crm"],
        ["user", "add", "--db=postgres://crm@127.0.0.1/crm"],
        [],
    ])
    func everythingElseKeepsSwiftsPool(arguments: [String]) {
        #expect(!ConcurrencyExecutor.servesPostgres(arguments))
    }
}
