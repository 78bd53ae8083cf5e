// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// "unknown command 'contcat'; did you mean 'contact'?" instead of the TUI's usage.
///
/// The TUI is the default subcommand, so ArgumentParser hands a mistyped command word to it and
/// answers with "2 unexpected arguments" and the usage of `crm tui`; git and taskwarrior users
/// expect the nearest command instead.
enum CommandSuggestion {
    /// The message for a first word that is no command, or nil when it is one (or an option).
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), CRM.commandsByName[first] == nil else { return nil }
        let names = CRM.commandsByName.keys.sorted()
        var message = "unknown command '\(first)'"
        let ranked = names.map { ($0, distance(first.lowercased(), $0)) }.sorted { $0.1 < $1.1 }
        if let best = ranked.first, best.1 <= max(2, first.count / 3) {
            message += "; did you mean '\(best.0)'?"
        }
        return message + " (crm --help lists every command)"
    }

    /// The Levenshtein distance between two words: edits to turn one into the other.
    static func distance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, charA) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, charB) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA == charB ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
