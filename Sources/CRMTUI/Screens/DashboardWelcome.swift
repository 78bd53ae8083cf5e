// crm — a terminal-first CRM. Licensed under the MIT License.

/// What the dashboard shows on a database with no records yet: how to start, instead of a
/// screen of zeros and blank lists.
///
/// ```
///  Welcome to crm. This database has no records yet.
///
///  Start here
///    n               add your first contact (then Enter on it to add deals, cases, tasks)
///    1 2 3 4, then n add from the Contacts, Companies, Pipeline or Cases screen
///    :new deal       the same from anywhere (: opens the command prompt)
///  …
/// ```
enum DashboardWelcome {
    /// The lines, with the user line only when no user is set.
    static func lines(hasUser: Bool) -> [(key: String, text: String)] {
        var lines: [(String, String)] = [
            ("n", "add your first contact (then Enter on it to add deals, cases and tasks)"),
            ("1 2 3 4, then n", "add from the Contacts, Companies, Pipeline or Cases screen"),
            (":new deal", "the same from anywhere (: opens the command prompt)"),
            ("crm demo", "in a shell: fill this database with sample data to try things out"),
            ("crm import csv", "in a shell: bring in contacts, companies or deals from a CSV file"),
            ("?", "every key of the screen you are on; q quits"),
        ]
        if !hasUser {
            lines.append(("crm init --user NAME", "in a shell: say who you are, so your records have an owner"))
        }
        return lines
    }

    @MainActor
    static func draw(hasUser: Bool, on canvas: any Canvas, in rect: Rect) {
        canvas.put(
            "Welcome to crm. This database has no records yet.", x: rect.x + 1, y: rect.y + 1,
            width: rect.width - 2, style: .header)
        canvas.put("Start here", x: rect.x + 1, y: rect.y + 3, width: rect.width - 2, style: .dim)
        let keyWidth = 22
        for (index, line) in lines(hasUser: hasUser).enumerated() where rect.y + 4 + index < rect.maxY {
            let y = rect.y + 4 + index
            canvas.put(line.key, x: rect.x + 3, y: y, width: keyWidth - 1, style: .accent)
            canvas.put(line.text, x: rect.x + 3 + keyWidth, y: y, width: max(0, rect.width - 4 - keyWidth))
        }
    }
}
