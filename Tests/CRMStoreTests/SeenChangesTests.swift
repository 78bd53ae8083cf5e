// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMStore

/// "Changed since I last looked": the cases another device changed, as pulled by sync, after the
/// user's mark; never the user's own changes.
@Suite struct SeenChangesTests {
    static func changed(_ store: Store) throws -> [String] {
        var filter = CaseFilter(statuses: nil)
        filter.changedAfter = try store.changesSeen()
        return try store.cases(filter, limit: 100).map(\.subject).sorted()
    }

    @Test func casesOthersChangedUntilTheUserHasSeenThem() throws {
        let mine = try TestStore()
        let theirs = try TestStore()
        let relay = SyncHarness()
        #expect(try mine.store.remoteChangeMark() == 0)
        let own = try mine.store.openCase(["subject": .text("Mine")])
        let printer = try theirs.store.openCase(["subject": .text("Printer")])
        let login = try theirs.store.openCase(["subject": .text("Login")])
        try relay.sync([mine.store, theirs.store])
        #expect(try Self.changed(mine.store) == ["Login", "Printer"], "my own case is not news to me")

        let mark = try mine.store.remoteChangeMark()
        #expect(mark > 0)
        try mine.store.markChangesSeen(upTo: mark)
        #expect(try Self.changed(mine.store).isEmpty)

        theirs.advance(minutes: 1)
        try theirs.store.setCaseStatus(printer, .solved)
        try theirs.store.update(.supportCase, id: own, ["subject": .text("Mine, renamed")])
        try mine.store.setCasePriority(login, .high)
        try relay.sync([mine.store, theirs.store])
        #expect(
            try Self.changed(mine.store) == ["Mine, renamed", "Printer"],
            "a solved case is listed too; my own edit of Login is not")

        try mine.store.markChangesSeen(upTo: mark)
        #expect(try mine.store.changesSeen() == mark, "the mark never moves back")
        try mine.store.markChangesSeen(upTo: 1)
        #expect(try mine.store.changesSeen() == mark)

        try theirs.store.delete(.supportCase, id: login)
        try relay.sync([mine.store, theirs.store])
        #expect(!(try Self.changed(mine.store).contains("Login")), "a deleted case is gone, not changed")
    }
}
