// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import CRMTUIStore
import Testing

@testable import CRMTUITestSupport

/// One contract, two implementations: the in-memory `CRMDataSource` every screen test runs on and
/// the real store adapter must answer the same questions the same way (issue 21), or a screen
/// test proves a behaviour the product does not have.
///
/// Each test body takes the data source to check; the arguments are the fake and the store.
@Suite struct DataSourceContractTests {
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case inMemory, store

        var testDescription: String { rawValue }

        /// A fresh, empty data source of this kind, seeded through the protocol alone.
        func make() throws -> any CRMDataSource {
            let source: any CRMDataSource =
                switch self {
                case .inMemory: InMemoryDataSource(Fixture.model(empty: true))
                case .store: try StoreFixture().source
                }
            try Self.seed(source)
            return source
        }

        static let contacts = [
            ("Ada Lovelace", "ada@acme.com", "Acme Corp"), ("Álvaro Núñez", "alvaro@globex.com", "Globex"),
            ("bob Builder", "bob@example.com", ""), ("Zoë Zimmer", "zoe@acme.com", "acme corp"),
            ("山田太郎", "taro@yamada.co.jp", ""),
        ]

        static func seed(_ source: any CRMDataSource) throws {
            _ = try source.create(.company, fields: ["name": "Acme Corp", "domain": "acme.com"])
            for (name, email, company) in contacts {
                _ = try source.create(.contact, fields: ["name": name, "email": email, "company": company])
            }
            for index in 0..<23 {
                _ = try source.create(.contact, fields: ["name": "Person \(index)", "email": "p\(index)@example.com"])
            }
            _ = try source.create(.supportCase, fields: ["subject": "Printer on fire", "priority": "urgent"])
            _ = try source.create(.supportCase, fields: ["subject": "Login fails", "priority": "high"])
            _ = try source.create(.supportCase, fields: ["subject": "Invoice question", "priority": "low"])
        }
    }

    /// Every name in list order, read forward a page at a time, then backward from the end.
    static func names(_ source: any CRMDataSource, page size: Int = 7) throws -> (forward: [String], back: [String]) {
        var forward: [ContactRow] = []
        while true {
            let anchor = forward.last.map { NameKey(name: $0.name, num: $0.num) }
            let page = try source.contacts(PageRequest(anchor: anchor, direction: .forward, limit: size))
            forward += page
            if page.count < size { break }
        }
        var back: [ContactRow] = []
        var anchor: NameKey? = forward.last.map { NameKey(name: $0.name, num: $0.num) }
        back.append(contentsOf: forward.suffix(1))
        while let current = anchor {
            let page = try source.contacts(PageRequest(anchor: current, direction: .backward, limit: size))
            back.insert(contentsOf: page, at: 0)
            anchor = page.count < size ? nil : page.first.map { NameKey(name: $0.name, num: $0.num) }
        }
        return (forward.map(\.name), back.map(\.name))
    }

    @Test(arguments: Source.allCases) func contactsPageInFoldedNameOrderBothWays(_ kind: Source) throws {
        let source = try kind.make()
        let (forward, back) = try Self.names(source)
        #expect(forward.count == 28)
        #expect(forward == back, "backward paging meets the same rows")
        #expect(forward == (try Self.names(try Source.store.make()).forward), "the store's order")
        #expect(Array(forward.prefix(3)) == ["Ada Lovelace", "Álvaro Núñez", "bob Builder"])
    }

    @Test(arguments: Source.allCases) func aCompanyNamedByTextIsFoundOrCreated(_ kind: Source) throws {
        let source = try kind.make()
        let companies = try source.companies(PageRequest(limit: 10)).map(\.name)
        #expect(companies == ["Acme Corp", "Globex"], "'acme corp' found Acme Corp; Globex was created")
        let rows = try source.contacts(PageRequest(limit: 50))
        #expect(rows.first { $0.name == "Zoë Zimmer" }?.company == "Acme Corp")
    }

    @Test(arguments: Source.allCases) func searchMatchesWordPrefixesWithoutCaseOrAccents(_ kind: Source) throws {
        let source = try kind.make()
        func titles(_ query: String) throws -> Set<String> { Set(try source.search(query, limit: 50).map(\.title)) }
        #expect(try titles("ada") == ["Ada Lovelace"])
        #expect(try titles("alvaro") == ["Álvaro Núñez"])
        #expect(try titles("NUNEZ") == ["Álvaro Núñez"])
        #expect(try titles("zoe zim") == ["Zoë Zimmer"])
        #expect(try titles("acme") == ["Acme Corp", "Ada Lovelace", "Zoë Zimmer"])
        #expect(try titles("print") == ["Printer on fire"])
        #expect(try titles("nobody-here").isEmpty)
    }

    @Test(arguments: Source.allCases) func theQueueIsMostUrgentFirst(_ kind: Source) throws {
        let source = try kind.make()
        let queue = try source.cases(.open, now: StoreFixture.now, PageRequest(limit: 10)).map(\.subject)
        #expect(queue == ["Printer on fire", "Login fails", "Invoice question"])
    }

    /// A week on, the three seeded cases (nobody's) are breached in both; the marks behave alike:
    /// ids stay put between reads, read shows as read, dismissed leaves the list.
    @Test(arguments: Source.allCases) func notificationsKeepReadAndDismissedMarks(_ kind: Source) throws {
        let source = try kind.make()
        let later = StoreFixture.now + 7 * 86_400_000
        let first = try source.notifications(now: later, limit: 10)
        #expect(first.count == 3)
        #expect(first.allSatisfy { $0.severity == .alert && $0.ref?.kind == .supportCase && !$0.read })
        #expect(try source.notifications(now: later, limit: 10).map(\.id) == first.map(\.id))
        try source.markNotifications([first[0].id], dismissed: false)
        try source.markNotifications([first[1].id], dismissed: true)
        try source.markNotifications([first[1].id], dismissed: false)
        let after = try source.notifications(now: later, limit: 10)
        #expect(after.map(\.id) == [first[0].id, first[2].id])
        #expect(after.map(\.read) == [true, false])
        // Snoozed for an hour: gone, then back unread.
        try source.snoozeNotifications([first[0].id], until: later + 3_600_000)
        #expect(try source.notifications(now: later, limit: 10).map(\.id) == [first[2].id])
        let back = try source.notifications(now: later + 3_600_001, limit: 10)
        #expect(back.map(\.id) == [first[0].id, first[2].id])
        #expect(back.map(\.read) == [false, false])
    }
}
