// crm — a terminal-first CRM. Licensed under the MIT License.

/// The whole TUI as a testable state machine: screens, navigation, overlays and key dispatch.
///
/// `App` never calls curses. The loop in `TUI.run` feeds it keys and draws it on the terminal's
/// canvas; tests feed it keys and draw it on a `MemoryCanvas`. A key goes to the open overlay,
/// else to a focused text field, else to the screen's bindings, else to the global bindings;
/// a binding with a `disabledReason` reports the reason instead of acting.
@MainActor
public final class App {
    /// The smallest terminal the layout supports.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let context: AppContext
    public private(set) var current: ScreenID
    public private(set) var stack: [any Screen] = []
    public private(set) var overlay: (any Overlay)?
    public private(set) var status: (text: String, isError: Bool)?
    public private(set) var isRunning = true
    private var screens: [any Screen]

    public init(context: AppContext, start: ScreenID = .dashboard) {
        self.context = context
        current = start
        screens = ScreenID.allCases.map { Self.makeScreen($0, context) }
        topScreen.reload()
        if context.session.userID == nil {
            // A first run: ask who this is in the TUI itself; Esc leaves it for later.
            stack.append(FormScreen(creating: .user, context: context))
        }
        context.refreshSession()
    }

    private static func makeScreen(_ id: ScreenID, _ context: AppContext) -> any Screen {
        switch id {
        case .contacts: RecordListScreen(spec: ListSpecs.contacts, context: context)
        case .companies: RecordListScreen(spec: ListSpecs.companies, context: context)
        case .pipeline: PipelineScreen(context: context)
        case .cases: CasesScreen(context: context)
        case .dashboard: DashboardScreen(context: context)
        case .agenda: AgendaScreen(context: context)
        }
    }

    /// The top-level screen for an id.
    public func screen(_ id: ScreenID) -> any Screen { screens[id.rawValue - 1] }

    /// The screen that receives keys: the last pushed one, else the current top-level screen.
    public var topScreen: any Screen { stack.last ?? screen(current) }

    /// Handles one keystroke.
    public func handle(_ key: Key) {
        if key == .ctrl("c") { return quit() }
        if key == .resize { return }
        status = nil
        if let overlay { return apply(overlay.handle(key)) }
        if topScreen.handleText(key) { return }
        for bindings in [topScreen.bindings(), globalBindings()] {
            guard let binding = bindings.binding(for: key) else { continue }
            if let reason = binding.disabledReason {
                status = ("\(key.label): \(reason)", true)
            } else {
                apply(binding.action())
            }
            return
        }
        status = ("\(key.label): no action here — press ? for help", true)
    }

    /// Applies what an action asked for.
    public func apply(_ effect: ScreenEffect) {
        switch effect {
        case .none: break
        case .message(let text): status = (text, false)
        case .error(let text): status = (text, true)
        case .push(let screen):
            overlay = nil
            stack.append(screen)
        case .back(let text): back(text)
        case .show(let id): show(id)
        case .overlay(let newOverlay): overlay = newOverlay
        case .quit: quit()
        }
    }

    private func back(_ text: String?) {
        if overlay != nil {
            overlay = nil
        } else if !stack.isEmpty {
            stack.removeLast()
        }
        topScreen.reload()
        if let text { status = (text, false) }
    }

    private func show(_ id: ScreenID) {
        overlay = nil
        stack.removeAll()
        current = id
        topScreen.reload()
    }

    private func quit() {
        isRunning = false
    }

    /// Runs results that background work posted; returns whether there were any (so the loop redraws).
    @discardableResult
    public func drainMailbox() -> Bool {
        let jobs = context.mailbox.take()
        for job in jobs { job() }
        return !jobs.isEmpty
    }

    /// Keys that work on every screen (unless the screen binds the same key).
    public func globalBindings() -> [KeyBinding] {
        var result = ScreenID.allCases.map { id in
            KeyBinding(keys: [id.key], description: "go to \(id.title)") { .show(id) }
        }
        let context = context
        let nested = !stack.isEmpty
        result += [
            KeyBinding(keys: [.char("/")], description: "search (everything, as you type)", showInHintBar: true) {
                .overlay(SearchOverlay(context: context))
            },
            KeyBinding(keys: [.char(":")], description: "command palette (:cases, :new deal, :deal Acme, :q)") {
                .overlay(CommandPalette(context: context))
            },
            KeyBinding(keys: [.char("?")], description: "help (every key of this screen)", showInHintBar: true) {
                [unowned self] in
                .overlay(
                    HelpOverlay(screenTitle: topScreen.title, screen: topScreen.bindings(), global: globalBindings()))
            },
            KeyBinding(keys: [.char("!")], description: "notification centre") {
                .push(NotificationScreen(context: context))
            },
            KeyBinding(keys: [.char("u")], description: "undo your last change (again: redo)") { [unowned self] in
                do {
                    let text = try context.source.undoLast()
                    topScreen.reload()
                    context.refreshSession()
                    return .message(text)
                } catch {
                    return .error("\(error)")
                }
            },
            KeyBinding(keys: [.char("R")], description: "refresh") { [unowned self] in
                topScreen.reload()
                context.refreshSession()
                return .message("refreshed")
            },
            KeyBinding(
                keys: [.escape], description: "back", disabledReason: nested ? nil : "already at a top screen; q quits"
            ) { .back(nil) },
            KeyBinding(keys: [.char("q")], description: nested ? "back" : "quit", showInHintBar: true) {
                nested ? .back(nil) : .quit
            },
            KeyBinding(keys: [.ctrl("c")], description: "quit from anywhere") { .quit },
        ]
        return result
    }

    /// The bindings shown in the bottom hint bar right now.
    public var hints: [KeyBinding] {
        let groups = hintGroups
        return groups.screen + groups.global
    }

    /// The hint bar's two groups: the screen's (left) and the global ones it does not shadow (right).
    public var hintGroups: (screen: [KeyBinding], global: [KeyBinding]) {
        if let overlay { return (overlay.hints, []) }
        let screen = topScreen.bindings()
        if topScreen.capturesText { return (screen.filter(\.showInHintBar), []) }
        let shadowed = Set(screen.flatMap(\.keys))
        let global = globalBindings().filter { $0.showInHintBar && !$0.keys.allSatisfy(shadowed.contains) }
        return (screen.filter(\.showInHintBar), global)
    }
}
