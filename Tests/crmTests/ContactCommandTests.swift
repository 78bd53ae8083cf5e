// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@Suite struct ContactCommandTests {
    @Test func addListShowEditRemoveRestore() throws {
        let cli = try CLI()
        try cli.ok("init", "--user", "Ana Rep", "--email", "ana@example.com")
        let id = try cli.ok(
            "contact", "add", "--name", "Zoë Ångström", "--email", "zoe@example.com", "--company", "Acme GmbH",
            "--phone", "+49 30 1234567", "--tag", "VIP"
        ).trimmed
        #expect(id.count == 36)
        let list = try cli.ok("contact", "list", "--json").array
        #expect(list.count == 1)
        #expect(list[0]["name"] as? String == "Zoë Ångström")
        #expect(list[0]["company"] as? String == "Acme GmbH")
        #expect(list[0]["tags"] as? [String] == ["vip"])
        let byEmail = try cli.ok("contact", "show", "zoe@example.com", "--json").object
        #expect(byEmail["id"] as? String == id)
        #expect((byEmail["timeline"] as? [[String: Any]])?.first?["action"] as? String == "create")
        try cli.ok("contact", "edit", "#1", "--title", "CTO", "--add-tag", "partner", "--remove-tag", "vip")
        let edited = try cli.ok("contact", "show", String(id.prefix(13)), "--json").object
        #expect(edited["title"] as? String == "CTO")
        #expect(edited["tags"] as? [String] == ["partner"])
        try cli.ok("contact", "edit", "zoë ångström", "--phone", "")
        #expect(try cli.ok("contact", "show", "1", "--json").object["phone"] is NSNull)
        try cli.ok("contact", "rm", "#1")
        #expect(try cli.count("contact") == 0)
        #expect(try cli.run("contact", "show", "#1").code == 66)
        try cli.ok("contact", "restore", "#1")
        #expect(try cli.count("contact") == 1)
    }

    @Test func humanListPagesWithAfter() throws {
        let cli = try CLI()
        for name in ["Carla", "Anna", "Bert"] { try cli.ok("contact", "add", "--name", name) }
        let first = try cli.ok("contact", "list", "--limit", "2").stdout
        #expect(first.contains("Anna") && first.contains("Bert") && !first.contains("Carla"))
        #expect(first.contains("crm contact list --after 3"))
        let second = try cli.ok("contact", "list", "--limit", "2", "--after", "3", "--json").array
        #expect(second.map { $0["name"] as? String } == ["Carla"])
    }

    @Test func companiesAreLinkedByNameWithoutDuplicates() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "A", "--company", "Acme GmbH")
        try cli.ok("contact", "add", "--name", "B", "--company", "acme gmbh")
        let companies = try cli.ok("company", "list", "--json").array
        #expect(companies.count == 1)
        let show = try cli.ok("company", "show", "Acme GmbH", "--json").object
        #expect((show["contacts"] as? [[String: Any]])?.count == 2)
        try cli.ok("company", "edit", "Acme GmbH", "--domain", "acme.example", "--industry", "Tools")
        #expect(try cli.ok("company", "show", "#1", "--json").object["domain"] as? String == "acme.example")
    }

    @Test func ambiguousHandleListsCandidatesAndExits64() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "Sam Lee", "--email", "sam1@example.com")
        try cli.ok("contact", "add", "--name", "Sam Lee", "--email", "sam2@example.com")
        let result = try cli.run("contact", "show", "Sam Lee")
        #expect(result.code == 64)
        #expect(result.stderr.hasPrefix("crm: error: 'Sam Lee' matches several contacts: #1 Sam Lee; #2 Sam Lee"))
    }

    @Test func humanTablesKeepColumnsAlignedWithWideNames() throws {
        let cli = try CLI()
        try cli.ok("contact", "add", "--name", "李小龍", "--email", "lee@example.cn")
        try cli.ok("contact", "add", "--name", "Zoë Ångström", "--email", "zoe@example.com")
        let lines = try cli.ok("contact", "list").stdout.split(separator: "\n").map(String.init)
        // The EMAIL column starts at the same terminal cell on every row (CJK characters take two cells).
        let starts = lines.compactMap { line -> Int? in
            guard let range = ["EMAIL", "lee@", "zoe@"].lazy.compactMap({ line.range(of: $0) }).first else {
                return nil
            }
            return cellWidth(String(line[..<range.lowerBound]))
        }
        #expect(starts.count == 3)
        #expect(Set(starts).count == 1, "\(lines)")
    }

    func cellWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
    }
}
