// crm — a terminal-first CRM. Licensed under the MIT License.

import CNcursesw
import Foundation

/// Maps each `TextStyle` to curses attributes for this terminal's colour support.
///
/// 256-colour terminals get a softer palette, 8-colour terminals the basic colours, and with
/// `NO_COLOR` set (https://no-color.org) only bold, reverse and dim are used.
public struct CursesPalette {
    let attributes: [TextStyle: attr_t]

    /// Initialises colour pairs (when colour is wanted and available) and returns the mapping.
    static func install(noColor: Bool) -> CursesPalette {
        guard !noColor, has_colors() else { return monochrome() }
        start_color()
        use_default_colors()
        let rich = crm_colors() >= 256
        let pairs = rich ? richPairs : basicPairs
        var attributes: [TextStyle: attr_t] = [.normal: 0]
        for style in TextStyle.allCases where style != .normal {
            guard let (foreground, background) = pairs[style] else { continue }
            init_pair(Int16(style.rawValue), foreground, background)
            var attr = crm_color_pair(Int32(style.rawValue))
            if style == .header || style == .error { attr |= crm_attr_bold() }
            if style == .dim && !rich { attr |= crm_attr_dim() }
            attributes[style] = attr
        }
        return CursesPalette(attributes: attributes)
    }

    /// (foreground, background) per style on 256-colour terminals; -1 is the default colour.
    static let richPairs: [TextStyle: (Int16, Int16)] = [
        .header: (75, -1), .selected: (16, 153), .dim: (244, -1), .accent: (214, -1), .good: (78, -1),
        .warning: (220, -1), .error: (203, -1), .bar: (252, 237),
    ]

    /// (foreground, background) per style with the eight basic colours.
    static let basicPairs: [TextStyle: (Int16, Int16)] = [
        .header: (6, -1), .selected: (0, 6), .dim: (-1, -1), .accent: (3, -1), .good: (2, -1),
        .warning: (3, -1), .error: (1, -1), .bar: (7, 4),
    ]

    static func monochrome() -> CursesPalette {
        CursesPalette(attributes: [
            .normal: 0, .header: crm_attr_bold(), .selected: crm_attr_reverse(), .dim: crm_attr_dim(),
            .accent: crm_attr_bold(), .good: 0, .warning: crm_attr_bold(), .error: crm_attr_bold(),
            .bar: crm_attr_reverse(),
        ])
    }

    func attribute(for style: TextStyle) -> attr_t { attributes[style] ?? 0 }
}
