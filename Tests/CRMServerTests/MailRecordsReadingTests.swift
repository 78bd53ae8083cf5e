// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

@testable import CRMServer

/// The rounds of `LogStore.mailRecords`: each reads what the rows before it name, each lookup once,
/// and the reading ends when nothing new is named.
@Suite struct MailRecordsReadingTests {
    static func row(_ entity: String, _ id: String, _ field: String, _ value: JSONValue) -> StoredRegister {
        StoredRegister(
            entity: entity, entityID: id, field: field, valueJSON: value.jsonText, hlc: HLC(rawValue: 1),
            deviceID: "d", seq: 1)
    }

    @Test func eachRoundReadsWhatTheRowsBeforeItName() {
        var reading = MailRecordsReading(
            MailRecordsQuery(
                tenantID: "t", deviceID: "g", emails: ["carla@customer.test"], messageIDs: ["q@customer.test"],
                activityIDs: ["a0"]))
        #expect(
            reading.next() == [
                .contacts(email: "carla@customer.test"), .activities(messageID: "q@customer.test"), .activity(id: "a0"),
                .kind("sla_policy"),
            ])
        reading.take([Self.row("contact", "c1", "email", .string("Carla@customer.test"))])
        reading.take([Self.row("activity", "a1", "message_id", .string("q@customer.test"))])
        reading.take([Self.row("sla_policy", "p1", "calendar_id", .string("k2"))])
        #expect(
            Set(reading.next() ?? [])
                == [
                    .record(entity: "contact", id: "c1"), .activity(id: "a1"),
                    .record(entity: "sla_calendar", id: "k2"),
                ])
        reading.take([Self.row("activity", "a1", "case_id", .string("s1"))])
        #expect(reading.next() == [.record(entity: "case", id: "s1")], "an activity's case, once")
        reading.take([Self.row("case", "s1", "calendar_id", .string("k1"))])
        #expect(reading.next() == [.record(entity: "sla_calendar", id: "k1")])
        reading.take([Self.row("sla_calendar", "k1", "time_zone", .string("Europe/Berlin"))])
        #expect(reading.next() == nil, "nothing new is named")
        #expect(reading.registers.count == 6)
    }
}
