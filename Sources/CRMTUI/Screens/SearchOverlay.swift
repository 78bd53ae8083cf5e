// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// `/` search across every kind, updated as you type.
///
/// Each keystroke starts a search on the background runner and bumps a generation number; a
/// result is applied only if it belongs to the latest generation, so a slow early search can
/// never overwrite the results of what the user typed since. Typing never waits on the query;
/// Enter does, when the hits shown are not yet those of what was typed.
@MainActor
public final class SearchOverlay: Overlay {
    public private(set) var input: TextInput
    public private(set) var hits: [SearchHit] = []
    public private(set) var selection = 0
    public private(set) var generation = 0
    public private(set) var appliedGeneration = 0
    public private(set) var searching = false
    public private(set) var failure: String?
    /// Only hits of this kind are kept (from `:deal Acme` and the like).
    public let kindFilter: RecordKindFilter?
    private let context: AppContext

    public init(context: AppContext, query: String = "", kind: RecordKindFilter? = nil) {
        self.context = context
        input = TextInput(query)
        kindFilter = kind
        if !query.isEmpty { start() }
    }

    public var hints: [KeyBinding] {
        [
            KeyBinding(keys: [.down, .up], description: "choose", showInHintBar: true) { .none },
            KeyBinding(keys: [.enter], description: "open", showInHintBar: true) { .none },
            KeyBinding(keys: [.escape], description: "close", showInHintBar: true) { .none },
        ]
    }

    public func handle(_ key: Key) -> ScreenEffect {
        switch key {
        case .escape: return .back(nil)
        case .down, .ctrl("n"), .tab: selection = min(selection + 1, max(0, hits.count - 1))
        case .up, .ctrl("p"), .backTab: selection = max(0, selection - 1)
        case .enter:
            // Enter opens a hit of what was typed: hits still showing an earlier query (typed
            // fast, the search behind) would open the wrong record, so the query runs here first.
            if appliedGeneration != generation {
                apply(Self.search(input.text, in: context.source, kind: kindFilter), generation: generation)
            }
            if let failure { return .error("Search failed: \(failure)") }
            guard hits.indices.contains(selection) else { return .error("nothing to open; type part of a name") }
            return .push(DetailScreen(ref: hits[selection].ref, context: context))
        default:
            let before = input.text
            _ = input.handle(key)
            if input.text != before { start() }
        }
        return .none
    }

    private func start() {
        generation += 1
        let mine = generation
        let query = input.text
        let source = context.source
        let kind = kindFilter
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            apply(.success([]), generation: mine)
            return
        }
        searching = true
        context.background(
            on: context.searchRunner, { Self.search(query, in: source, kind: kind) },
            then: { [weak self] result in self?.apply(result, generation: mine) })
    }

    /// The hits of `query` (of `kind` only, when given), or why the search failed.
    nonisolated static func search(
        _ query: String, in source: any CRMDataSource, kind: RecordKindFilter?
    ) -> Result<[SearchHit], LoadFailure> {
        do {
            let found = try source.search(query, limit: 50)
            return .success(kind.map { filter in found.filter { filter.matches($0.ref.kind) } } ?? found)
        } catch {
            return .failure(LoadFailure(message: "\(error)"))
        }
    }

    /// Applies a finished search unless a newer one was started since (then it is stale and dropped).
    func apply(_ result: Result<[SearchHit], LoadFailure>, generation finished: Int) {
        guard finished == generation else { return }
        appliedGeneration = finished
        searching = false
        switch result {
        case .success(let found):
            hits = found
            failure = nil
        case .failure(let problem):
            hits = []
            failure = problem.message
        }
        selection = min(selection, max(0, hits.count - 1))
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        let box = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        canvas.fill(box)
        canvas.box(box, title: kindFilter.map { "Search \($0.label)" } ?? "Search")
        canvas.put("/", x: box.x + 2, y: box.y + 1, style: .accent)
        input.draw(on: canvas, x: box.x + 4, y: box.y + 1, width: box.width - 6, focused: true)
        let list = Rect(x: box.x + 2, y: box.y + 3, width: box.width - 4, height: box.height - 4)
        if let failure {
            return canvas.put("Search failed: \(failure)", x: list.x, y: list.y, width: list.width, style: .error)
        }
        if hits.isEmpty {
            let text =
                input.text.isEmpty
                ? "Type to search contacts, companies, deals, cases and notes."
                : (searching ? "Searching…" : "No matches for “\(input.text)”.")
            return canvas.put(text, x: list.x, y: list.y, width: list.width, style: .dim)
        }
        let first = max(0, selection - list.height + 1)
        for (offset, hit) in hits.dropFirst(first).prefix(list.height).enumerated() {
            let index = first + offset
            let style: TextStyle = index == selection ? .selected : .normal
            let layout = TableLayout(
                [
                    TableColumn("", minWidth: 8), TableColumn("", minWidth: 20, flex: 3),
                    TableColumn("", minWidth: 10, flex: 2),
                ], width: list.width)
            layout.draw(
                [hit.ref.kind.noun, hit.title, hit.subtitle], on: canvas, x: list.x, y: list.y + offset, style: style,
                styles: [.dim, nil, .dim])
        }
    }
}

/// Why background work (a search, the dashboard, the board totals) failed, carried back to the UI thread.
public struct LoadFailure: Error, Equatable {
    public var message: String
}
