// crm — a terminal-first CRM. Licensed under the MIT License.

/// The semantic style of drawn text; the terminal decides the colours.
///
/// Screens say what text *is* (a header, the selection, an error) rather than which colour it
/// has, so that `NO_COLOR`, 8-colour and 256-colour terminals all get a readable rendering.
public enum TextStyle: Int, CaseIterable, Sendable {
    case normal
    case header
    case selected
    case dim
    case accent
    case good
    case warning
    case error
    case bar
}
