// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A short list of choices narrowed by what is typed, with one selected: a stage, a priority, a
/// teammate, or a completion under a link field.
///
/// Matching ignores case and accents (`TextKey.fold`): options that start with the typed
/// text come first, then those where a word starts with it, then those that merely contain it, each
/// group in the given order. So "pro" picks "Proposal", "neg" picks "Negotiation", and a field
/// never refuses "proposal" for "Proposal".
///
/// ```swift
/// var list = ChoiceList(["low", "normal", "high", "urgent"], selected: "high")
/// list.filter = "u"       // matches: urgent
/// list.selection          // "urgent"
/// ```
public struct ChoiceList: Sendable, Equatable {
    public private(set) var options: [String]
    /// The typed text that narrows the options.
    public var filter = "" {
        didSet { index = 0 }
    }
    /// Index of the selection within `matches`.
    public private(set) var index = 0

    public init(_ options: [String], selected: String? = nil) {
        self.options = options
        index = selected.flatMap { options.firstIndex(of: $0) } ?? 0
    }

    /// Replaces the options (completions that arrived), keeping the filter and selecting the first.
    public mutating func replace(_ newOptions: [String]) {
        options = newOptions
        index = 0
    }

    /// The options the filter keeps, best first.
    public var matches: [String] {
        let key = TextKey.fold(filter)
        guard !key.isEmpty else { return options }
        var starts: [String] = []
        var words: [String] = []
        var contains: [String] = []
        for option in options {
            let folded = TextKey.fold(option)
            if folded.hasPrefix(key) {
                starts.append(option)
            } else if folded.split(whereSeparator: { $0 == " " || $0 == "-" }).contains(where: { $0.hasPrefix(key) }) {
                words.append(option)
            } else if folded.contains(key) {
                contains.append(option)
            }
        }
        return starts + words + contains
    }

    /// The selected option, nil when nothing matches.
    public var selection: String? {
        let current = matches
        return current.indices.contains(index) ? current[index] : nil
    }

    /// Moves the selection, wrapping at either end (a short list: wrapping is one key back).
    public mutating func move(by delta: Int) {
        let count = matches.count
        guard count > 0 else { return }
        index = ((index + delta) % count + count) % count
    }

    /// Draws up to `rect.height` matches, scrolled so the selection shows; returns the rows used.
    @MainActor
    @discardableResult
    public func draw(on canvas: any Canvas, in rect: Rect) -> Int {
        let current = matches
        guard rect.height > 0, rect.width > 0 else { return 0 }
        guard !current.isEmpty else {
            canvas.put("no match for “\(filter)”", x: rect.x, y: rect.y, width: rect.width, style: .dim)
            return 1
        }
        let first = max(0, min(index - rect.height + 1, current.count - rect.height))
        let visible = current[max(0, first)..<min(current.count, max(0, first) + rect.height)]
        for (offset, option) in visible.enumerated() {
            let row = max(0, first) + offset
            let marker = row == index ? "› " : "  "
            canvas.put(
                marker + option, x: rect.x, y: rect.y + offset, width: rect.width,
                style: row == index ? .selected : .normal)
        }
        return visible.count
    }
}
