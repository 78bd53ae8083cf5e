// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// A create or edit form with inline validation and completion.
///
/// Every key that edits text goes to the focused field first (readline keys included). Tab and
/// the arrows move between fields, Enter saves, Esc cancels. A field that gets focus with a value
/// has it selected, so typing replaces it. A choice (stage, priority, kind, currency) lists its
/// options as you type, without case; a link (contact, company, deal) lists the records the
/// store's search finds, in the background; Tab takes the first (ctrl+n / ctrl+p choose another).
/// Problems are shown under the field they concern, both from the form's own checks and from
/// `FieldError`s the data source throws.
///
/// Kind `.user` is the first run's "who are you" form, which `App` opens when the session has no
/// user: it saves through `CRMDataSource.setUpUser` (what `crm init --user` does), and Esc leaves
/// the user for later.
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
    /// What the focused choice or link field could become, best first.
    public private(set) var completion: ChoiceList?
    /// Numbers link searches, so an answer for older text is dropped.
    private var linkGeneration = 0

    /// A form for a new record of `kind`; `prefill` sets fields by name (a link from the record
    /// the form was opened on, the kind of an activity), focus goes to the first empty field.
    public init(creating kind: EntityKind, context: AppContext, prefill: [String: String] = [:]) {
        self.kind = kind
        editing = nil
        self.context = context
        entries = Self.specs(kind, context).map {
            Entry(spec: $0, input: TextInput(prefill[$0.name] ?? $0.defaultValue), original: "", error: nil)
        }
        let firstEmpty = entries.firstIndex { $0.input.text.isEmpty && prefill[$0.spec.name] == nil } ?? 0
        move(to: prefill.isEmpty ? 0 : firstEmpty)
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
        move(to: 0)
    }

    private static func specs(_ kind: EntityKind, _ context: AppContext) -> [FormSchema.Field] {
        let stages = kind == .deal ? ((try? context.source.stages()) ?? []).map(\.name) : []
        let custom = (try? context.source.customFormFields(kind)) ?? []
        return FormSchema.fields(of: kind, stages: stages) + custom
    }

    public var title: String {
        if kind == .user { return "Welcome to crm. Who are you?" }
        return editing == nil ? "New \(kind.noun)" : "Edit \(kind.noun): \(recordTitle)"
    }

    public func reload() {}

    public var capturesText: Bool { !entries.isEmpty }

    public func handleText(_ key: Key) -> Bool {
        guard entries.indices.contains(focus) else { return false }
        if key == .ctrl("n") || key == .ctrl("p"), completion != nil {
            completion?.move(by: key == .ctrl("n") ? 1 : -1)
            return true
        }
        guard entries[focus].input.handle(key) else { return false }
        refreshCompletion()
        return true
    }

    /// Focuses a field: its value is selected (typing replaces it) and its choices are listed.
    private func move(to index: Int) {
        guard entries.indices.contains(index) else { return }
        focus = index
        entries[index].input.selectAll()
        refreshCompletion()
    }

    /// Lists the focused field's choices at once, or searches the store for a link in the background.
    private func refreshCompletion() {
        completion = nil
        linkGeneration += 1
        guard entries.indices.contains(focus) else { return }
        let entry = entries[focus]
        if let options = FormSchema.choices(for: entry.spec) {
            var list = ChoiceList(options, selected: FormSchema.canonical(entry.input.text, for: entry.spec))
            if !entry.input.selected { list.filter = entry.input.text }
            completion = list
            return
        }
        guard case .link(let kind) = entry.spec.rule, !entry.input.selected else { return }
        let text = entry.input.text.trimmed()
        guard !text.isEmpty else { return }
        let source = context.source
        let generation = linkGeneration
        let field = focus
        context.background(on: context.searchRunner, { (try? source.search(text, limit: 20)) ?? [] }) {
            [weak self] hits in
            guard let self, generation == linkGeneration, field == focus else { return }
            let titles = hits.filter { $0.ref.kind == kind }.map(\.title)
            var seen = Set<String>()
            completion = titles.isEmpty ? nil : ChoiceList(Array(titles.filter { seen.insert($0).inserted }.prefix(6)))
        }
    }

    /// Tab in a choice or link field takes the selected completion when it differs from the text;
    /// returns whether it did.
    private func complete() -> Bool {
        guard let choice = completion?.selection else { return false }
        let entry = entries[focus]
        // An untouched pre-filled value stays; an empty link has nothing to complete yet.
        if entry.input.selected || entry.input.text == choice { return false }
        if case .link = entry.spec.rule, entry.input.text.isEmpty { return false }
        entries[focus].input.set(choice)
        refreshCompletion()
        // Only the case differed ("eur" → "EUR"): the value was complete, so Tab also moves on.
        return entry.input.text.lowercased() != choice.lowercased()
    }

    public func bindings() -> [KeyBinding] {
        let empty = entries.isEmpty ? "this form has no fields" : nil
        return [
            KeyBinding(keys: [.enter, .ctrl("s")], description: "save", showInHintBar: true, disabledReason: empty) {
                [unowned self] in save()
            },
            KeyBinding(
                keys: [.tab, .down], description: "next field (completes a person, a choice or a link first)",
                showInHintBar: true, disabledReason: empty
            ) {
                [unowned self] in
                if completePerson() || complete() { return .none }
                move(to: (focus + 1) % max(1, entries.count))
                return .none
            },
            KeyBinding(keys: [.backTab, .up], description: "previous field", disabledReason: empty) { [unowned self] in
                move(to: (focus + entries.count - 1) % max(1, entries.count))
                return .none
            },
            KeyBinding(keys: [.escape], description: kind == .user ? "later" : "cancel", showInHintBar: true) {
                [kind] in
                .back(kind == .user ? "no user yet: records you add have no owner (crm init --user NAME)" : "cancelled")
            },
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
            completion = nil
            return .error("fix the highlighted field: \(entries[first].error ?? "")")
        }
        func value(_ entry: Entry) -> String {
            FormSchema.canonical(entry.input.text, for: entry.spec) ?? entry.input.text
        }
        do {
            if kind == .user { return try saveUser(value) }
            if let ref = editing {
                let changed = entries.filter { $0.input.text != $0.original }
                guard !changed.isEmpty else { return .back("nothing changed") }
                try context.source.update(
                    ref, fields: Dictionary(uniqueKeysWithValues: changed.map { ($0.spec.name, value($0)) }))
                return .back("saved \(kind.noun)")
            }
            let filled = entries.filter { !$0.input.text.isEmpty }
            let fields = Dictionary(uniqueKeysWithValues: filled.map { ($0.spec.name, value($0)) })
            _ = try context.source.create(kind, fields: fields)
            return .back("created \(kind == .activity ? fields["kind"] ?? kind.noun : kind.noun)")
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

    /// The first-run form: names this device's user, and the status line shows them at once.
    private func saveUser(_ value: (Entry) -> String) throws -> ScreenEffect {
        var text: [String: String] = [:]
        for entry in entries { text[entry.spec.name] = value(entry) }
        let name = text["name"] ?? ""
        try context.source.setUpUser(name: name, email: text["email"] ?? "")
        if let session = try? context.source.session() { context.session = session }
        return .back("welcome, \(name): the records you add are yours")
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
            } else if index == focus, entry.spec.rule == .when, entry.input.text.isEmpty {
                canvas.put(
                    "tomorrow 15:00 · friday · in 3 days · 2026-12-01 14:00", x: rect.x + labelWidth + 3, y: y + 1,
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
        if kind == .user {
            let y = rect.y + 3 + entries.count * 2
            for (index, line) in Self.firstRunNote.enumerated() where y + index < rect.maxY {
                canvas.put(line, x: rect.x + 1, y: y + index, width: rect.width - 2, style: .dim)
            }
        }
        drawCompletion(on: canvas, in: rect, x: rect.x + labelWidth + 3, width: inputWidth)
    }

    /// Under the first-run form: why it asks, and what Esc leaves.
    static let firstRunNote = [
        "Records you add are owned by you; your teammates see your name on them.",
        "Enter saves, as crm init --user NAME --email EMAIL does; Esc asks next time.",
    ]

    /// The focused field's completion list, under the field and over the fields below it.
    private func drawCompletion(on canvas: any Canvas, in rect: Rect, x: Int, width: Int) {
        guard let completion, entries.indices.contains(focus), entries[focus].error == nil else { return }
        let y = rect.y + 3 + focus * 2
        let rows = min(5, max(1, completion.matches.count), rect.maxY - y)
        guard rows > 0 else { return }
        let area = Rect(x: x, y: y, width: min(width, 40), height: rows)
        canvas.fill(area)
        completion.draw(on: canvas, in: area)
    }
}

extension EntityKind {
    /// The word used for a record of this kind in messages and titles.
    public var noun: String {
        switch self {
        case .supportCase: "case"
        case .stageChange: "stage change"
        case .slaPolicy: "SLA policy"
        case .slaCalendar: "SLA calendar"
        case .notificationMark: "notification mark"
        default: rawValue
        }
    }
}
