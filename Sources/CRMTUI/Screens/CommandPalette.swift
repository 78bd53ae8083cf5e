// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// The `:` command prompt with completion: `:cases`, `:new deal`, `:deal Acme`, `:q`.
@MainActor
public final class CommandPalette: Overlay {
    /// One command: its name, a usage line and what it does with the rest of the line.
    public struct Command {
        public var name: String
        public var usage: String
        public var run: @MainActor (String) -> ScreenEffect
    }

    public private(set) var input = TextInput()
    public let commands: [Command]

    public init(context: AppContext) {
        commands = Self.commands(context)
    }

    static func commands(_ context: AppContext) -> [Command] {
        var result: [Command] = ScreenID.allCases.map { id in
            Command(name: id.title.lowercased(), usage: "show \(id.title)") { _ in .show(id) }
        }
        result.append(Command(name: "deals", usage: "show the pipeline board") { _ in .show(.pipeline) })
        result.append(
            Command(name: "notifications", usage: "open the notification centre") { _ in
                .push(NotificationScreen(context: context))
            })
        result.append(
            Command(name: "new", usage: "new contact|company|deal|case") { rest in
                guard let kind = Self.kind(named: rest) else {
                    return .error("say what to create: :new contact, :new company, :new deal or :new case")
                }
                return .push(FormScreen(creating: kind, context: context))
            })
        for kind in [EntityKind.contact, .company, .deal, .supportCase] {
            result.append(
                Command(name: kind.noun, usage: "\(kind.noun) TEXT — search \(kind.noun)s") { rest in
                    .overlay(SearchOverlay(context: context, query: rest, kind: RecordKindFilter(kind)))
                })
        }
        result.append(
            Command(name: "search", usage: "search TEXT — search everything") { rest in
                .overlay(SearchOverlay(context: context, query: rest))
            })
        result.append(
            Command(name: "deleted", usage: "recently deleted records, to restore") { _ in
                .push(DeletedScreen(context: context))
            })
        result.append(
            Command(name: "sync", usage: "show the sync state") { _ in
                .message(
                    "sync: \(context.session.syncState) — while linked (crm sync login) the TUI syncs by itself every 10 s"
                )
            })
        result.append(Command(name: "quit", usage: "leave crm (also :q)") { _ in .quit })
        result.append(Command(name: "q", usage: "leave crm") { _ in .quit })
        return result
    }

    static func kind(named text: String) -> EntityKind? {
        switch text.lowercased() {
        case "contact": .contact
        case "company": .company
        case "deal": .deal
        case "case": .supportCase
        default: nil
        }
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.tab], description: "complete", showInHintBar: true) { .none },
            KeyBinding(keys: [.enter], description: "run", showInHintBar: true) { .none },
            KeyBinding(keys: [.escape], description: "cancel", showInHintBar: true) { .none },
        ]
    }

    /// The commands whose name starts with the first word typed.
    public var matches: [Command] {
        let word = input.text.split(separator: " ").first.map(String.init) ?? ""
        return commands.filter { $0.name.hasPrefix(word.lowercased()) }
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .escape: return .back(nil)
        case .tab:
            if let first = matches.first, !input.text.contains(" ") { input.set(first.name + " ") }
        // A command that answers with a message (`:sync`) is done: close the palette, so the
        // next `:` starts empty instead of appending to `:sync` (issue 20).
        case .enter: return execute().closingOverlay
        default: _ = input.handle(key)
        }
        return .none
    }

    private func execute() -> ScreenEffect {
        let text = input.text.trimmingCharacters(in: .whitespaces)
        let word = text.split(separator: " ").first.map(String.init)?.lowercased() ?? ""
        let rest = text.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        if let exact = commands.first(where: { $0.name == word }) { return exact.run(rest) }
        let candidates = matches
        if candidates.count == 1, let only = candidates.first { return only.run(rest) }
        if word.isEmpty { return .error("type a command; Tab completes, e.g. :cases or :new contact") }
        return .error("unknown command :\(word) — try :\(candidates.first?.name ?? "contacts") (Tab completes)")
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let shown = Array(matches.prefix(max(1, rect.height - 4)))
        let box = Rect(x: rect.x + 2, y: rect.y + 1, width: min(rect.width - 4, 70), height: shown.count + 3)
        canvas.fill(box)
        canvas.box(box, title: "Command")
        canvas.put(":", x: box.x + 2, y: box.y + 1, style: .accent)
        input.draw(on: canvas, x: box.x + 3, y: box.y + 1, width: box.width - 5, focused: true)
        for (index, command) in shown.enumerated() {
            canvas.put(
                DisplayWidth.fit(command.name, to: 16) + command.usage, x: box.x + 2, y: box.y + 2 + index,
                width: box.width - 4, style: .dim)
        }
    }
}
