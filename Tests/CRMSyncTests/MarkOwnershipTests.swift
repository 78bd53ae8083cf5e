// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

/// `MarkOwnership` alone: who receives a notification mark and whose writes to one are refused.
@Suite struct MarkOwnershipTests {
    let ana = "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d10"
    let ben = "019a6c1e-7c3a-7d41-9b7e-0c2f5e8a9d11"

    func change(_ id: RecordID, op: WireOp = .set, field: String? = "state", value: JSONValue = .string("read"))
        -> WireChange
    {
        var change = WireChangeTests.change(op: op, field: field, value: value)
        change.entity = "notification_mark"
        change.entityID = id.rawValue
        return change
    }

    func create(user: String, as id: RecordID? = nil) -> WireChange {
        let fields: JSONValue = .object([
            "user_id": .string(user), "notification_id": .string("3fa2c19e0b"), "state": .string("dismissed"),
        ])
        return change(
            id ?? NotificationMark.recordID(user: user, notificationID: "3fa2c19e0b"), op: .create, field: nil,
            value: fields)
    }

    @Test func aMarkReachesOnlyItsUserAndOtherKindsReachEveryone() {
        #expect(MarkOwnership.reaches(.notificationMark, writer: ana, reader: ana))
        #expect(!MarkOwnership.reaches(.notificationMark, writer: ana, reader: ben))
        #expect(MarkOwnership.reaches(.contact, writer: ana, reader: ben))
    }

    @Test func onlyItsUserWritesAMarkUnderTheDerivedID() {
        let mark = NotificationMark.recordID(user: ana, notificationID: "3fa2c19e0b")
        #expect(MarkOwnership.refusal(create(user: ana), userID: ana, storedOwner: nil) == nil)
        #expect(MarkOwnership.refusal(create(user: ana), userID: ana, storedOwner: .string(ana)) == nil)
        #expect(MarkOwnership.refusal(change(mark), userID: ana, storedOwner: .string(ana)) == nil)
        #expect(
            MarkOwnership.refusal(
                change(mark, op: .delete, field: nil, value: .null), userID: ana, storedOwner: .string(ana)) == nil)
        let refused = [
            MarkOwnership.refusal(create(user: ana), userID: ben, storedOwner: .string(ana)),
            MarkOwnership.refusal(create(user: ana), userID: ben, storedOwner: nil),
            MarkOwnership.refusal(create(user: ana, as: RecordID.make()), userID: ana, storedOwner: nil),
            MarkOwnership.refusal(change(mark), userID: ben, storedOwner: .string(ana)),
            MarkOwnership.refusal(change(mark), userID: ana, storedOwner: nil),
            MarkOwnership.refusal(
                change(mark, field: "user_id", value: .string(ben)), userID: ana, storedOwner: .string(ana)),
        ]
        #expect(refused.allSatisfy { $0?.code == "not_your_mark" })
        #expect(refused[0]?.message.contains("belongs to another user") == true)
        #expect(refused[2]?.message.contains("must have id \(mark.rawValue)") == true)
        #expect(refused[4]?.message.contains("create it first") == true)
        #expect(refused[5]?.message.contains("never changes") == true)
        // Another kind is none of its business.
        var contact = change(mark)
        contact.entity = "contact"
        #expect(MarkOwnership.refusal(contact, userID: ben, storedOwner: .string(ana)) == nil)
    }
}
