// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A create or edit form with inline validation.
///
/// Every key that edits text goes to the focused field first (readline keys included). Tab and
/// the arrows move between fields, Enter saves, Esc cancels. Problems are shown under the field
/// they concern, both from the form's own checks and from `FieldError`s the data source throws.
@MainActor
public final class FormScreen: Screen {
    /// One field's state.
    public struct Entry {
        public var spec: FormSchema.Field
        public var input: TextInput
        public var original: String
        public var error: String?
    }

    public let kind: EntityKind
    public let editing: RecordRef?
    public private(set) var entries: [Entry] = []
    public private(set) var focus = 0
    public private(set) var loadError: String?
    private let context: AppContext
    private var recordTitle = ""
    /// The last person completion asked for, by the text it was asked for.
    private var candidateCache: (text: String, names: [String])?

    /// A form for a new record of `kind`.
    public init(creating kind: EntityKind, context: AppContext) {
        self.kind = kind
        editing = nil
        self.context = context
        entries = Self.specs(kind, context).map {
            Entry(spec: $0, input: TextInput($0.defaultValue), original: "", error: nil)
        }
    }

    /// A form prefilled with an existing record's values.
    public init(editing ref: RecordRef, context: AppContext) {
        kind = ref.kind
        editing = ref
        self.context = context
        do {
            let detail = try context.source.detail(ref)
            recordTitle = detail.title
            entries = Self.specs(kind, context).map {
                let value = detail.value(of: $0.name)
                return Entry(spec: $0, input: TextInput(value), original: value, error: nil)
            }
        } catch {
            loadError = "\(error)"
        }
    }

    private static func specs(_ kind: EntityKind, _ context: AppContext) -> [FormSchema.Field] {
        let stages = kind == .deal ? ((try? context.source.stages()) ?? []).map(\.name) : []
        return FormSchema.fields(of: kind, stages: stages)
    }

    public var title: String {
        editing == nil ? "New \(kind.noun)" : "Edit \(kind.noun): \(recordTitle)"
    }

    public func reload() {}

    public var capturesText: Bool { !entries.isEmpty }

    public func handleText(_ key: Key) -> Bool {
        guard entries.indices.contains(focus) else { return false }
        return entries[focus].input.handle(key)
    }

    public func bindings() -> [KeyBinding] {
        let empty = entries.isEmpty ? "this form has no fields" : nil
        return [
            KeyBinding(keys: [.enter, .ctrl("s")], description: "save", showInHintBar: true, disabledReason: empty) {
                [unowned self] in save()
            },
            KeyBinding(
                keys: [.tab, .down], description: "next field (completes a person)", showInHintBar: true,
                disabledReason: empty
            ) {
                [unowned self] in
                if completePerson() { return .none }
                focus = (focus + 1) % max(1, entries.count)
                return .none
            },
            KeyBinding(keys: [.backTab, .up], description: "previous field", disabledReason: empty) { [unowned self] in
                focus = (focus + entries.count - 1) % max(1, entries.count)
                return .none
            },
            KeyBinding(keys: [.escape], description: "cancel", showInHintBar: true) { .back("cancelled") },
        ]
    }

    /// Teammates the focused person field could mean, as typed so far.
    ///
    /// Asked once per text, not per frame: the form redraws on every key and tick, and the
    /// answer is a read of the store.
    public var personCandidates: [String] {
        guard entries.indices.contains(focus), entries[focus].spec.rule == .person else { return [] }
        let text = entries[focus].input.text.trimmed()
        guard !text.isEmpty, text.lowercased() != "me" else { return [] }
        if let cached = candidateCache, cached.text == text { return cached.names }
        let names = (try? context.source.people(matching: text, limit: 6)) ?? []
        candidateCache = (text, names)
        return names
    }

    /// Tab in a person field whose text is not yet a teammate's name completes it to the first
    /// candidate; returns whether it did.
    private func completePerson() -> Bool {
        guard let first = personCandidates.first, entries[focus].input.text != first else { return false }
        entries[focus].input.set(first)
        return true
    }

    /// Checks every field, then creates or updates the record; stays open with errors shown on failure.
    public func save() -> ScreenEffect {
        for index in entries.indices {
            entries[index].error = FormSchema.problem(with: entries[index].input.text, for: entries[index].spec)
        }
        if let first = entries.firstIndex(where: { $0.error != nil }) {
            focus = first
            return .error("fix the highlighted field: \(entries[first].error ?? "")")
        }
        do {
            if let ref = editing {
                let changed = entries.filter { $0.input.text != $0.original }
                guard !changed.isEmpty else { return .back("nothing changed") }
                try context.source.update(
                    ref, fields: Dictionary(uniqueKeysWithValues: changed.map { ($0.spec.name, $0.input.text) }))
                return .back("saved \(kind.noun)")
            }
            let filled = entries.filter { !$0.input.text.isEmpty }
            _ = try context.source.create(
                kind, fields: Dictionary(uniqueKeysWithValues: filled.map { ($0.spec.name, $0.input.text) }))
            return .back("created \(kind.noun)")
        } catch let problem as FieldError {
            if let index = entries.firstIndex(where: { $0.spec.name == problem.field }) {
                entries[index].error = problem.message
                focus = index
            }
            return .error("\(problem)")
        } catch {
            return .error("could not save: \(error)")
        }
    }

    public func draw(on canvas: any Canvas, in rect: Rect) {
        canvas.put(title, x: rect.x + 1, y: rect.y, width: rect.width - 2, style: .header)
        if let loadError {
            canvas.put(
                "Could not load the record: \(loadError)", x: rect.x + 1, y: rect.y + 2, width: rect.width - 2,
                style: .error)
            return
        }
        let labelWidth = 14
        let inputWidth = min(60, rect.width - labelWidth - 4)
        for (index, entry) in entries.enumerated() {
            let y = rect.y + 2 + index * 2
            guard y + 1 < rect.maxY else { break }
            let marker = entry.spec.required ? "*" : " "
            canvas.put(
                entry.spec.label + marker, x: rect.x + 1, y: y, width: labelWidth,
                style: index == focus ? .accent : .normal, alignRight: true)
            canvas.put("[", x: rect.x + labelWidth + 2, y: y, style: .dim)
            entry.input.draw(on: canvas, x: rect.x + labelWidth + 3, y: y, width: inputWidth, focused: index == focus)
            canvas.put("]", x: rect.x + labelWidth + 3 + inputWidth, y: y, style: .dim)
            if let error = entry.error {
                canvas.put(
                    "↳ " + error, x: rect.x + labelWidth + 3, y: y + 1, width: rect.width - labelWidth - 4,
                    style: .error)
            } else if index == focus, case .oneOf(let options) = entry.spec.rule {
                canvas.put(
                    "one of: " + options.joined(separator: ", "), x: rect.x + labelWidth + 3, y: y + 1,
                    width: inputWidth, style: .dim)
            } else if index == focus, entry.spec.rule == .person {
                let candidates = personCandidates
                let hint =
                    entry.input.text.isEmpty
                    ? "a teammate's name or email, or me (empty: you)"
                    : candidates.isEmpty ? "no active teammate matches" : "→ " + candidates.joined(separator: " · ")
                canvas.put(hint, x: rect.x + labelWidth + 3, y: y + 1, width: inputWidth, style: .dim)
            }
        }
    }
}

extension EntityKind {
    /// The word used for a record of this kind in messages and titles.
    public var noun: String {
        switch self {
        case .supportCase: "case"
        case .stageChange: "stage change"
        case .slaPolicy: "SLA policy"
        default: rawValue
        }
    }
}
