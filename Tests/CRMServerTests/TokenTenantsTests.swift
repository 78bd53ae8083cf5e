// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMServer

/// The tenant each token was last seen with (`TokenTenants`): a bounded hint for PostgreSQL pulls.
@Suite struct TokenTenantsTests {
    @Test func aTokenIsFoundWithItsLastTenant() {
        let tokens = TokenTenants()
        #expect(tokens.tenant(of: "t1") == nil)
        tokens.remember("acme", of: "t1")
        tokens.remember("globex", of: "t2")
        #expect(tokens.tenant(of: "t1") == "acme")
        #expect(tokens.tenant(of: "t2") == "globex")
        tokens.remember("initech", of: "t1")
        #expect(tokens.tenant(of: "t1") == "initech")
        #expect(tokens.count == 2)
    }

    @Test func aFullMapStartsAgainEmpty() {
        let tokens = TokenTenants(capacity: 3)
        for index in 0..<3 { tokens.remember("acme", of: "t\(index)") }
        #expect(tokens.count == 3)
        tokens.remember("acme", of: "t1")
        #expect(tokens.count == 3, "a token it knows takes no room")
        tokens.remember("acme", of: "t3")
        #expect(tokens.count == 1)
        #expect(tokens.tenant(of: "t3") == "acme" && tokens.tenant(of: "t0") == nil)
    }
}
