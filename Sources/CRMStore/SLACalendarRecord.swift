// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A named business-hours calendar as stored: the record and the calendar it describes.
public struct SLACalendarRecord: Hashable, Sendable {
    public var id: RecordID
    public var num: Int64
    public var name: String
    public var calendar: BusinessCalendar

    public init(id: RecordID, num: Int64, name: String, calendar: BusinessCalendar) {
        self.id = id
        self.num = num
        self.name = name
        self.calendar = calendar
    }
}
