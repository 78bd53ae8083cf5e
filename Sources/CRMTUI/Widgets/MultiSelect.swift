// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The marks of a list for bulk actions: `space` marks a row, `V` marks a range, `*` marks every
/// row the list's filter matches, beyond the page, and Esc clears them.
///
/// A list holds only the rows on screen, so a range and "everything" are read by key through the
/// list's own pager (`VirtualList.span`, `VirtualList.all`) when the key is pressed, never while
/// moving. Marks are ids, so they survive scrolling and re-sorting. Actions then apply to
/// `targets`: the marked records, or the selected row when nothing is marked.
///
/// ```swift
/// let select = MultiSelect(noun: "case")
/// result += select.bindings(list)
/// let ids = select.targets(list.selected)
/// ```
@MainActor
public final class MultiSelect {
    /// The most `*` or a range marks at once.
    public static let limit = 100_000

    public private(set) var marked: [RecordID] = []
    private var set: Set<RecordID> = []
    /// Where a range started (`V`), until the second `V`.
    public private(set) var anchor: RecordID?
    private var anchorRow: (any PagedRow)?
    private let noun: String

    public init(noun: String) {
        self.noun = noun
    }

    public var count: Int { marked.count }
    public var isEmpty: Bool { marked.isEmpty }
    public func contains(_ id: RecordID) -> Bool { set.contains(id) }

    /// "3 cases": the count with the noun, for messages and confirmations.
    public func describe(_ count: Int) -> String {
        "\(count.formatted()) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The records an action applies to: the marks, else the selected row.
    public func targets(_ selected: RecordID?) -> [RecordID] {
        isEmpty ? (selected.map { [$0] } ?? []) : marked
    }

    /// Forgets every mark and any range in progress.
    public func clear() {
        marked = []
        set = []
        anchor = nil
        anchorRow = nil
    }

    /// Marks or unmarks one record.
    public func toggle(_ id: RecordID) {
        if set.remove(id) != nil {
            marked.removeAll { $0 == id }
        } else {
            add([id])
        }
    }

    /// Marks records (already marked ones stay once).
    public func add(_ ids: some Sequence<RecordID>) {
        for id in ids where set.insert(id).inserted { marked.append(id) }
    }

    /// The bindings: space, V, * and (while anything is marked) Esc.
    public func bindings<Row: PagedRow>(_ list: VirtualList<Row>, emptyReason: String?) -> [KeyBinding] {
        let row = list.selected
        var result = [
            KeyBinding(
                keys: [.char(" ")], description: "mark (toggle the row for a bulk action)", showInHintBar: true,
                disabledReason: emptyReason
            ) { [unowned self] in
                guard let row else { return .none }
                toggle(row.id)
                list.move(by: 1)
                return .message("\(describe(count)) marked")
            },
            KeyBinding(
                keys: [.char("V")], description: "mark a range (V here, move, V again)", disabledReason: emptyReason
            ) { [unowned self] in
                guard let row else { return .none }
                return markRange(to: row, in: list)
            },
            KeyBinding(
                keys: [.char("*")], description: "mark every row the filter matches, beyond the page",
                disabledReason: emptyReason
            ) { [unowned self] in
                let rows = list.all(limit: Self.limit)
                add(rows.map(\.id))
                let capped = rows.count == Self.limit ? " (the first \(Self.limit.formatted()))" : ""
                return .message("\(describe(count)) marked\(capped)")
            },
        ]
        if !isEmpty || anchor != nil {
            result.append(
                KeyBinding(keys: [.escape], description: "clear the marks", showInHintBar: true) { [unowned self] in
                    clear()
                    return .message("marks cleared")
                })
        }
        return result
    }

    private func markRange<Row: PagedRow>(to row: Row, in list: VirtualList<Row>) -> ScreenEffect {
        guard let start = anchorRow as? Row else {
            anchor = row.id
            anchorRow = row
            return .message("range starts here: move, then V again")
        }
        anchor = nil
        anchorRow = nil
        guard let rows = list.span(from: start, to: row, limit: Self.limit) else {
            return .error("the range's first row is no longer in the list; press V to start again")
        }
        add(rows.map(\.id))
        return .message("\(describe(count)) marked")
    }

    /// Asks before applying `change` to the marked records (or the selected one), then runs one
    /// `CRMDataSource.bulk` call, clears the marks and calls `refresh` to redraw the list.
    public func confirm(
        _ change: BulkChange, kind: EntityKind, selected: RecordID?, context: AppContext,
        refresh: @escaping @MainActor () -> Void
    ) -> ScreenEffect {
        let ids = targets(selected)
        guard !ids.isEmpty else { return .none }
        let question = change.summary.prefix(1).uppercased() + change.summary.dropFirst() + ": \(describe(ids.count))?"
        return .overlay(
            ConfirmOverlay(question) { [unowned self] in
                var changed = 0
                let effect = context.perform("") { changed = try context.source.bulk(kind, ids, change) }
                guard case .message = effect else { return effect }
                clear()
                refresh()
                return .message("\(change.summary): \(describe(changed)) changed in one step (u undoes it)")
            })
    }

    /// The marker drawn before a row while anything is marked ("● " or two spaces); the cells it
    /// takes, 0 when nothing is marked (the table keeps its full width).
    @discardableResult
    public func drawMarker(on canvas: any Canvas, x: Int, y: Int, id: RecordID, style: TextStyle) -> Int {
        guard !isEmpty || anchor != nil else { return 0 }
        let marker = contains(id) ? "● " : (anchor == id ? "▸ " : "  ")
        canvas.put(marker, x: x, y: y, style: contains(id) ? .accent : style)
        return 2
    }
}
