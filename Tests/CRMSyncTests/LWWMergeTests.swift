// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

@Suite struct LWWMergeTests {
    func version(_ value: JSONValue, _ millis: Int64, _ device: String = "a") -> FieldVersion {
        FieldVersion(value: value, hlc: HLC(millis: millis, counter: 0), deviceID: device)
    }

    func hlc(_ millis: Int64) -> HLC { HLC(millis: millis, counter: 0) }

    @Test func firstWriteAppliesWithoutConflict() {
        let decision = LWWMerge.merge(
            incoming: version(.string("x"), 10), baseHLC: nil, current: nil, deletion: nil, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func editOnTheSeenValueIsOrdinary() {
        let current = version(.string("old"), 10, "b")
        let decision = LWWMerge.merge(
            incoming: version(.string("new"), 20), baseHLC: hlc(10), current: current, deletion: nil, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func aBaseNewerThanTheRegisterMeansTheWriterSawIt() {
        // A delete's base is the newest HLC of the whole record, which may exceed `_deleted`'s own.
        let current = version(.bool(false), 10, "b")
        let decision = LWWMerge.merge(
            incoming: version(.bool(true), 30), baseHLC: hlc(20), current: current, deletion: nil, isFieldSet: false)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func laterConcurrentWriteWinsAndRecordsThePreviousAsLoser() {
        let current = version(.string("theirs"), 15, "b")
        let incoming = version(.string("mine"), 20, "a")
        let decision = LWWMerge.merge(
            incoming: incoming, baseHLC: hlc(10), current: current, deletion: nil, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflictKind == .concurrentWrite)
        #expect(decision.conflictWinner == incoming)
        #expect(decision.conflictLoser == current)
    }

    @Test func earlierWriteLosesAndIsTheLoser() {
        let current = version(.string("theirs"), 20, "b")
        let incoming = version(.string("mine"), 15, "a")
        let decision = LWWMerge.merge(
            incoming: incoming, baseHLC: hlc(10), current: current, deletion: nil, isFieldSet: true)
        #expect(!decision.applies)
        #expect(decision.conflictKind == .concurrentWrite)
        #expect(decision.conflictWinner == current)
        #expect(decision.conflictLoser == incoming)
    }

    @Test func bothArrivalOrdersPickTheSameWinnerAndOneConflictEach() {
        let first = version(.string("A"), 30, "a")
        let second = version(.string("B"), 30, "b")  // same HLC: the device id breaks the tie
        let orderOne = LWWMerge.merge(incoming: second, baseHLC: nil, current: first, deletion: nil, isFieldSet: true)
        let orderTwo = LWWMerge.merge(incoming: first, baseHLC: nil, current: second, deletion: nil, isFieldSet: true)
        #expect(orderOne.applies && !orderTwo.applies)
        #expect(orderOne.conflictWinner == second && orderTwo.conflictWinner == second)
        #expect(orderOne.conflictLoser == first && orderTwo.conflictLoser == first)
    }

    @Test func sameWriteAgainIsANoOp() {
        let current = version(.string("x"), 10)
        let decision = LWWMerge.merge(
            incoming: current, baseHLC: nil, current: current, deletion: nil, isFieldSet: true)
        #expect(!decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func equalValuesNeverConflict() {
        let current = version(.bool(false), 10, "b")
        let decision = LWWMerge.merge(
            incoming: version(.bool(false), 20), baseHLC: nil, current: current, deletion: nil, isFieldSet: false)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func editOnDeletedKeepsTheEditAndTheDelete() {
        let deletion = version(.bool(true), 50, "b")
        let current = version(.string("+1"), 10, "a")
        let edit = version(.string("+2"), 40, "a")
        let decision = LWWMerge.merge(
            incoming: edit, baseHLC: hlc(10), current: current, deletion: deletion, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflictKind == .editOnDeleted)
        #expect(decision.conflictWinner == deletion)
        #expect(decision.conflictLoser == edit)
    }

    @Test func editAfterSeeingTheDeleteIsNoConflict() {
        let deletion = version(.bool(true), 50, "b")
        let decision = LWWMerge.merge(
            incoming: version(.string("+2"), 60), baseHLC: hlc(55), current: version(.string("+1"), 55),
            deletion: deletion, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }

    @Test func deleteArrivingAfterAnUnseenEditReportsIt() {
        let delete = version(.bool(true), 50, "a")
        let fields = [
            "phone": version(.string("+2"), 40, "b"),  // written after what the deleter saw (30)
            "email": version(.string("x@example.com"), 20, "b"),  // seen by the deleter
            "notes": version(.string("mine"), 45, "a"),  // the deleter's own write
        ]
        let hidden = LWWMerge.editsHidden(byDelete: delete, baseHLC: hlc(30), fields: fields)
        #expect(hidden.map(\.field) == ["phone"])
        #expect(hidden.first?.winner == delete)
        #expect(hidden.first?.loser == fields["phone"])
        #expect(LWWMerge.editsHidden(byDelete: delete, baseHLC: nil, fields: fields).isEmpty)
        #expect(LWWMerge.editsHidden(byDelete: version(.bool(false), 50), baseHLC: hlc(30), fields: fields).isEmpty)
    }

    @Test func restoredRowTakesEditsNormally() {
        let restored = version(.bool(false), 50, "b")
        let decision = LWWMerge.merge(
            incoming: version(.string("+2"), 40), baseHLC: nil, current: nil, deletion: restored, isFieldSet: true)
        #expect(decision.applies)
        #expect(decision.conflict == nil)
    }
}
