// crm — a terminal-first CRM. Licensed under the MIT License.

/// Where a case stands against its SLA at one moment: the triage queue's sort key and flags.
///
/// While a case is pending, its resolution clock is paused: the due time moves forward with
/// the wall clock until the customer answers. "At risk" means under 25% of the window is left
/// (SPEC section 6).
///
/// With a business-hours `calendar`, "left" and "window" count working time only, and the
/// pause moves the resolution due by the working time that passed while pending. Without one
/// the clock runs around the clock.
public struct SLAClock: Hashable, Sendable {
    /// The state of one SLA target.
    public enum State: String, Sendable {
        case met, ok, atRisk = "at_risk", breached
    }

    public let createdAt: Int64
    public let firstResponseDue: Int64
    public let resolutionDue: Int64
    public let firstResponseAt: Int64?
    public let resolvedAt: Int64?
    public let pausedAt: Int64?
    public let nowMillis: Int64
    public let calendar: BusinessCalendar?

    public init(
        createdAt: Int64, firstResponseDue: Int64, resolutionDue: Int64, firstResponseAt: Int64?,
        resolvedAt: Int64?, pausedAt: Int64?, nowMillis: Int64, calendar: BusinessCalendar? = nil
    ) {
        self.createdAt = createdAt
        self.firstResponseDue = firstResponseDue
        self.resolutionDue = resolutionDue
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.pausedAt = pausedAt
        self.nowMillis = nowMillis
        self.calendar = calendar
    }

    /// The resolution due time with the current pause counted in.
    public var effectiveResolutionDue: Int64 {
        guard let pausedAt else { return resolutionDue }
        return Self.extend(resolutionDue, pausedFrom: pausedAt, to: nowMillis, calendar: calendar)
    }

    public var firstResponse: State {
        state(due: firstResponseDue, doneAt: firstResponseAt)
    }

    public var resolution: State {
        state(due: effectiveResolutionDue, doneAt: resolvedAt, paused: pausedAt != nil)
    }

    /// The worse of the two targets.
    public var overall: State {
        let order: [State] = [.met, .ok, .atRisk, .breached]
        return [firstResponse, resolution].max { order.firstIndex(of: $0) ?? 0 < order.firstIndex(of: $1) ?? 0 } ?? .ok
    }

    /// The next time that matters for triage: the first-response due until answered, then resolution.
    public var nextDue: Int64? {
        if resolvedAt != nil { return nil }
        if firstResponseAt == nil { return min(firstResponseDue, effectiveResolutionDue) }
        return effectiveResolutionDue
    }

    private func state(due: Int64, doneAt: Int64?, paused: Bool = false) -> State {
        if let doneAt { return doneAt <= due ? .met : .breached }
        if nowMillis > due { return .breached }
        if paused { return .ok }
        let window = max(1, span(from: createdAt, to: due))
        return span(from: nowMillis, to: due) * 4 < window ? .atRisk : .ok
    }

    /// Time between two instants as this clock counts it: working time, or all of it.
    private func span(from start: Int64, to end: Int64) -> Int64 {
        guard let calendar else { return end - start }
        return calendar.workingMillis(from: start, to: end)
    }

    /// A due time moved on by the time a pause from `pausedAt` to `now` took: all of it on a
    /// 24/7 clock, its working time on a calendar.
    public static func extend(_ due: Int64, pausedFrom pausedAt: Int64, to now: Int64, calendar: BusinessCalendar?)
        -> Int64
    {
        guard let calendar else { return due + max(0, now - pausedAt) }
        return calendar.adding(calendar.workingMillis(from: pausedAt, to: now), to: due)
    }
}
