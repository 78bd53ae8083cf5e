// crm — a terminal-first CRM. Licensed under the MIT License.

import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

@MainActor
@Suite struct CompaniesScreenTests {
    @Test func layoutAt80x24And200x60() {
        let small = Harness(start: .companies)
        #expect(small.lines[1].hasPrefix("Name"))
        #expect(small.lines[2].hasPrefix("Acme Corp"))
        #expect(small.lines[3].hasPrefix("山田商事"))
        #expect(small.lines[3].contains("…"))
        let large = Harness(start: .companies, width: 200, height: 60)
        #expect(large.lines[1].contains("Phone"))
        #expect(large.text.contains(Fixture.wideCompany))
    }

    @Test func emptyState() {
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .companies)
        #expect(harness.text.contains("No companies yet."))
    }

    @Test func editRenamesTheCompany() {
        let harness = Harness(start: .companies)
        harness.press(.char("e"), .ctrl("u"))
        harness.type("Acme Corporation")
        harness.press(.enter)
        #expect(harness.source.read { $0.companies.values.contains { $0.name == "Acme Corporation" } })
        #expect(harness.lines[2].hasPrefix("Acme Corporation"))
    }
}
