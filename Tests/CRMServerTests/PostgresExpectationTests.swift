// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

/// `make test` and CI expect PostgreSQL; a run where it is missing must fail, not pass on SQLite alone.
@Suite struct PostgresExpectationTests {
    /// One clear failure naming the cause, beside the PostgreSQL tests that then fail too.
    @Test(
        .enabled(
            if: Backend.postgresExpected,
            "PostgreSQL is not expected in this run (neither CRM_TEST_POSTGRES_REQUIRED=1 nor CI=true)"))
    func postgresIsReachableWhenExpected() async throws {
        _ = try #require(
            Backend.postgresURL, "PostgreSQL was expected but CRM_TEST_POSTGRES_URL is unset or empty")
        let database = try await PostgresTestDatabase.create()
        #expect(database.hasPrefix("postgres://"), "a new test database on the server: \(database)")
    }
}
