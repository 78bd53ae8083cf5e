// crm — a terminal-first CRM. Licensed under the MIT License.

/// A screen: owns its state, draws it, and declares its key bindings.
///
/// The app draws the tab bar, hint bar and status line; a screen draws only into the rectangle
/// it is given. Screens that edit text (forms) get keys first through `handleText`.
@MainActor
public protocol Screen: AnyObject {
    /// The title shown in the help overlay and, for pushed screens, the tab bar.
    var title: String { get }
    /// The bindings for the current state, in help order.
    func bindings() -> [KeyBinding]
    /// Draws the screen into `rect`.
    func draw(on canvas: any Canvas, in rect: Rect)
    /// Reloads data from the data source (on first show, after a change, on `R`).
    func reload()
    /// Offers a key to a focused text input first; returns true when it was consumed.
    func handleText(_ key: Key) -> Bool
    /// Whether printable keys go to a text field (then global keys such as `/` and `?` are typed).
    var capturesText: Bool { get }
}

extension Screen {
    public func handleText(_ key: Key) -> Bool { false }
    public var capturesText: Bool { false }
}

/// A transient layer over the current screen: help, search, command palette, prompt.
@MainActor
public protocol Overlay: AnyObject {
    /// Handles a key; the overlay sees every key while it is open.
    func handle(_ key: Key) -> ScreenEffect
    /// Draws over the screen area.
    func draw(on canvas: any Canvas, in rect: Rect)
    /// The bindings shown in the hint bar while the overlay is open.
    var hints: [KeyBinding] { get }
}
