// crm — a terminal-first CRM. Licensed under the MIT License.

/// What a key's action asks the app to do after changing the screen's own state.
///
/// Screens never reach into the app; they return an effect and the app applies it, which keeps
/// navigation in one place and lets tests assert on effects directly.
@MainActor
public enum ScreenEffect {
    case none
    /// Show an informational message in the status line.
    case message(String)
    /// Show an error in the status line.
    case error(String)
    /// Open a screen on top of the current one (detail, form, notification centre).
    case push(any Screen)
    /// Close the current screen or overlay, optionally saying what was done.
    case back(String?)
    /// Switch to a top-level screen.
    case show(ScreenID)
    /// Open an overlay (search, command palette, prompt, help).
    case overlay(any Overlay)
    /// Leave the TUI.
    case quit
}
