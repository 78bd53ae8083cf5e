// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// Marks and bulk actions on the Contacts and Companies lists (issue 20).
@MainActor
@Suite struct RecordListMarksTests {
    @Test func twoMarkedContactsAreDeletedInOneStepAfterAskingAndUndoBringsBothBack() {
        let harness = Harness(start: .contacts)
        let before = harness.source.read { $0.contacts.count }
        harness.press(.char(" "), .char(" "))
        #expect(harness.lines[2].hasPrefix("● "), "marked rows carry a marker")
        harness.press(.char("d"))
        #expect(harness.text.contains("Delete: 2 contacts?"))
        harness.press(.char("y"))
        #expect(harness.statusLine.contains("delete: 2 contacts changed in one step"))
        #expect(harness.source.read { $0.contacts.count } == before - 2)
        harness.press(.char("u"))
        #expect(harness.source.read { $0.contacts.count } == before)
    }

    @Test func withoutMarksDeleteStillAsksAboutTheSelectedContactByName() {
        let harness = Harness(start: .contacts)
        harness.press(.char("d"))
        #expect(harness.text.contains("Delete contact Ada Lovelace?"))
        harness.press(.char("n"))
        #expect(harness.app.overlay == nil)
    }
}
