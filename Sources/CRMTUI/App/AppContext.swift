// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What every screen shares: the data source, the clock, background work and its mailbox.
@MainActor
public final class AppContext {
    public let source: any CRMDataSource
    public let runner: any BackgroundRunner
    /// Runs searches: its own queue in the app, so a letter typed in `/` never waits behind the
    /// dashboard figures or the status-line refresh (at 200,000 contacts the dashboard takes
    /// hundreds of milliseconds; Docs/BENCHMARKS.md).
    public let searchRunner: any BackgroundRunner
    public let mailbox: Mailbox
    /// Milliseconds since 1970 UTC; injected so tests have a fixed "now".
    public let clock: @Sendable () -> Int64
    /// Who is signed in and where; refreshed on `R`.
    public var session: SessionInfo
    /// The latest notifications, loaded in the background.
    public var notifications: [NotificationItem] = []
    /// Notifications the user has read in this session (on top of those loaded as read).
    public var readNotifications: Set<String> = []
    /// The change stamp and time of the last notification load (`refreshSession`).
    private var notificationsLoaded: (stamp: [Int64]?, at: Int64)?
    /// Block characters or ASCII for charts and bars: `TUI.run` takes it from the locale.
    public var glyphs: Sparkline.Glyphs = .unicode

    /// Without runners, background work and searches get a serial queue each; a runner passed in
    /// (tests) runs both unless `searchRunner` is given too, so a test decides the order of every job.
    public init(
        source: any CRMDataSource, runner: (any BackgroundRunner)? = nil, searchRunner: (any BackgroundRunner)? = nil,
        mailbox: Mailbox = Mailbox(), clock: @escaping @Sendable () -> Int64
    ) {
        self.source = source
        self.runner = runner ?? DispatchRunner()
        self.searchRunner = searchRunner ?? runner ?? DispatchRunner(label: "crm.tui.search")
        self.mailbox = mailbox
        self.clock = clock
        session =
            (try? source.session()) ?? SessionInfo(userID: nil, userName: "?", database: "?", syncState: "offline")
    }

    /// How many notifications are unread, for the tab bar badge.
    public var unreadCount: Int { notifications.filter { !isRead($0) }.count }

    /// Whether a notification was read, before or in this session.
    public func isRead(_ item: NotificationItem) -> Bool { item.read || readNotifications.contains(item.id) }

    /// Marks notifications read, here and in the data source, so the mark outlives the session.
    public func markRead(_ ids: [String]) throws {
        readNotifications.formUnion(ids)
        try source.markNotifications(ids, dismissed: false)
    }

    /// Snoozes notifications until `until`: gone from the list until then, back unread after.
    public func snooze(_ ids: [String], until: Int64) throws {
        try source.snoozeNotifications(ids, until: until)
        notifications.removeAll { ids.contains($0.id) }
    }

    /// Dismisses notifications: gone from the list, here and on the next load.
    public func dismiss(_ ids: [String]) throws {
        try source.markNotifications(ids, dismissed: true)
        notifications.removeAll { ids.contains($0.id) }
    }

    /// Reloads the session line and the notifications in the background.
    ///
    /// Not `forced` (the terminal loop's refresh every five seconds), the notifications are
    /// recomputed only when the source's `changeStamp` moved or a minute has passed (the SLA and
    /// due-time rules move with the clock): every rule reads the user's cases, tasks and deals,
    /// tens of milliseconds for a rep with 50,000 deals, for a list that has rarely changed.
    public func refreshSession(forced: Bool = true) {
        let source = self.source
        let now = self.now
        let last = forced ? nil : notificationsLoaded
        background({ () -> (SessionInfo?, [NotificationItem]?, [Int64]?) in
            let session = try? source.session()
            let stamp = source.changeStamp()
            if let last, let stamp, stamp == last.stamp, now - last.at < 60_000 { return (session, nil, stamp) }
            return (session, (try? source.notifications(now: now, limit: 100)) ?? [], stamp)
        }) { [weak self] loaded in
            if let session = loaded.0 { self?.session = session }
            guard let items = loaded.1 else { return }
            self?.notifications = items
            self?.notificationsLoaded = (loaded.2, now)
        }
    }

    /// The current time in milliseconds.
    public var now: Int64 { clock() }

    /// Runs `work` in the background (on `runner` unless another is given) and hands its result to `apply` on the main thread.
    public func background<Value: Sendable>(
        on runner: (any BackgroundRunner)? = nil, _ work: @escaping @Sendable () -> Value,
        then apply: @escaping @MainActor @Sendable (Value) -> Void
    ) {
        let mailbox = self.mailbox
        (runner ?? self.runner).run {
            let value = work()
            mailbox.post { apply(value) }
        }
    }

    /// Runs a mutation and turns its outcome into a status message.
    public func perform(_ success: String, _ body: () throws -> Void) -> ScreenEffect {
        do {
            try body()
            return .message(success)
        } catch {
            return .error("\(error)")
        }
    }
}
