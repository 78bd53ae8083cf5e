// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Testing

/// The due times people type (issue 20): weekdays, "in N units", a time after a day word.
@Suite struct WhenParserTests {
    /// Friday 2026-12-04 10:00 UTC.
    static let now: Int64 = 1_796_378_400_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// Midnight UTC of that Friday.
    static let midnight = now - 10 * hour

    func parse(_ text: String, offset: Int = 0) -> Int64? {
        WhenParser.parse(text, nowMillis: Self.now, timeZoneOffsetSeconds: offset)
    }

    @Test func weekdaysAreTheNextOneAfterToday() {
        #expect(parse("friday") == Self.midnight + 7 * Self.day + 17 * Self.hour, "today is Friday: the next one")
        #expect(parse("next monday") == Self.midnight + 3 * Self.day + 17 * Self.hour)
        #expect(parse("Mon 9:30") == Self.midnight + 3 * Self.day + 9 * Self.hour + 30 * 60_000)
        #expect(parse("saturday") == Self.midnight + Self.day + 17 * Self.hour)
    }

    @Test func dayWordsTakeATimeInTheLocalZone() {
        #expect(parse("tomorrow 9:30") == Self.midnight + Self.day + 9 * Self.hour + 30 * 60_000)
        #expect(parse("today 15:00", offset: 3600) == Self.midnight + 14 * Self.hour, "15:00 CET is 14:00 UTC")
        #expect(parse("friday 25:00") == nil)
        #expect(parse("friday 9:3") == nil)
    }

    @Test func inSoManyUnitsCountsFromNow() {
        #expect(parse("in 3 days") == Self.now + 3 * Self.day)
        #expect(parse("in 1 hour", offset: 3600) == Self.now + Self.hour)
        #expect(parse("in 2 weeks") == Self.now + 14 * Self.day)
        #expect(parse("in 30 minutes") == Self.now + 30 * 60_000)
        #expect(parse("in some days") == nil)
    }

    @Test func aTimeThatDoesNotParseListsTheFormsThatDo() {
        let spec = FieldSpec("due_at", .timestamp)
        #expect {
            try spec.parse("someday", nowMillis: Self.now)
        } throws: { error in
            let text = "\(error)"
            return text.contains("due_at 'someday'") && text.contains("next monday") && text.contains("in 3 days")
        }
    }
}
