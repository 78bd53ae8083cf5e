// crm — a terminal-first CRM. Licensed under the MIT License.

/// One key binding of a screen, declared as data.
///
/// Screens return their bindings from the current state, so the same list drives key dispatch,
/// the `?` help overlay, the bottom hint bar and the user guide's key table. A binding that
/// cannot act right now carries a `disabledReason`, which is shown instead of doing nothing.
///
/// ```swift
/// KeyBinding(keys: [.char("e")], description: "edit", disabledReason: selected == nil ? "no contact selected" : nil) {
///     .push(FormScreen(editing: ref, context: context))
/// }
/// ```
public struct KeyBinding {
    public var keys: [Key]
    public var description: String
    public var showInHintBar: Bool
    public var disabledReason: String?
    public var action: @MainActor () -> ScreenEffect

    public init(
        keys: [Key], description: String, showInHintBar: Bool = false, disabledReason: String? = nil,
        action: @escaping @MainActor () -> ScreenEffect
    ) {
        self.keys = keys
        self.description = description
        self.showInHintBar = showInHintBar
        self.disabledReason = disabledReason
        self.action = action
    }

    /// The description without its parenthesised detail, for the hint bar: "raise priority".
    public var shortDescription: String {
        guard let open = description.range(of: " (") else { return description }
        return String(description[..<open.lowerBound])
    }

    /// The keys as shown to the user: "j/↓".
    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

extension Array where Element == KeyBinding {
    /// The first binding that lists the key.
    public func binding(for key: Key) -> KeyBinding? {
        first { $0.keys.contains(key) }
    }
}
