// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMServer

/// Which command lines get NIO's event loops as Swift's global executor: `serve`, on either store.
@Suite struct ConcurrencyExecutorTests {
    @Test(arguments: [
        ["serve", "--db", "postgres://crm@127.0.0.1:5432/crm"],
        ["serve", "--db", "sqlite:/tmp/crm.sqlite"],
        ["serve", "--port", "0", "--db=postgresql://crm@127.0.0.1/crm"],
        ["serve"],
    ])
    func servingTakesTheEventLoops(arguments: [String]) {
        #expect(ConcurrencyExecutor.serves(arguments))
    }

    @Test(arguments: [
        ["tenant", "add", "acme", "--db", "postgres://crm@127.0.0.1/crm"],
        ["user", "add", "--db=sqlite:/tmp/crm.sqlite"],
        ["token", "revoke", "serve"],
        [],
    ])
    func everythingElseKeepsSwiftsPool(arguments: [String]) {
        #expect(!ConcurrencyExecutor.serves(arguments))
    }
}
