// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

@testable import CRMTUI
@testable import CRMTUITestSupport

/// Keeps Docs/USER_GUIDE-TUI.md in step with the bindings and the in-memory screenshots.
///
/// Fails when the committed file is stale; regenerate it with
/// `CRM_WRITE_DOCS=1 swift test --filter UserGuideTests`.
@MainActor
@Suite struct UserGuideTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Docs/USER_GUIDE-TUI.md")

    @Test func userGuideIsUpToDate() throws {
        let guide = UserGuide.render()
        if ProcessInfo.processInfo.environment["CRM_WRITE_DOCS"] == "1" {
            try guide.write(to: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.path, encoding: .utf8)
        #expect(
            committed == guide,
            "Docs/USER_GUIDE-TUI.md is stale: run CRM_WRITE_DOCS=1 swift test --filter UserGuideTests")
    }

    @Test func everyScreenBindingIsInTheGuide() {
        let guide = UserGuide.render()
        for id in ScreenID.allCases {
            for binding in Harness(start: id).app.screen(id).bindings() {
                #expect(guide.contains(binding.description), "\(id): \(binding.description)")
            }
        }
    }
}

/// The user guide's text: prose per screen, its key table and a screenshot at 80x24.
@MainActor
enum UserGuide {
    static func render() -> String {
        var parts = [intro]
        for id in ScreenID.allCases { parts.append(section(id)) }
        parts.append(firstRun)
        parts.append(
            nested(
                "Record detail",
                "Enter on any row opens the record: its fields, its timeline (newest first) and its related records. A company lists its contacts, open deals and open cases; a contact its deals, open cases and open tasks; a deal its contacts and activities. Tab moves through the panes, j/k move in the focused one, and Enter opens the selected related record."
            ) {
                $0.press(.enter)
            })
        parts.append(
            nested(
                "Create and edit forms",
                "`n` starts a new record, `e` edits the selected one. Problems show under the field, in the form's own checks and from the database."
            ) {
                $0.press(.char("n"), .enter)
            })
        parts.append(
            nested(
                "Search",
                "`/` searches contacts, companies, deals and cases as you type; results come from a background query and never hold up typing. Enter opens the selected hit of what you typed: pressed before the results caught up with your last keys, it runs the search first (a millisecond or two at the median on a million contacts) rather than open a hit of the earlier query still on screen.",
                overlay: true
            ) {
                $0.press(.char("/"))
                $0.type("ac")
            })
        parts.append(
            nested(
                "Command palette",
                "`:` opens the command prompt; Tab completes. `:deal Acme` searches deals, `:new case` opens a form, `:q` quits.",
                overlay: true
            ) {
                $0.press(.char(":"))
                $0.type("n")
            })
        parts.append(
            nested(
                "Marking and bulk actions",
                "On Cases, `space` marks the selected case and moves on, `V` marks a range (press it on the first row, move, press it again), `*` marks every case the filter matches, beyond the page; Esc clears the marks. With cases marked, `a`, `A`, `p`, `s` and `d` act on all of them (on Contacts and Companies the same marks work with `t` tag, `A` owner and `d` delete, on the Pipeline board with `m` move to a stage): the change says how many and asks first, runs as one transaction, and one `u` (or `crm undo`) takes it all back. The CLI does the same with several references or `--where` (`crm case assign 12 13 14 --to me`).",
                overlay: true
            ) {
                $0.press(.char("4"), .char(" "), .char(" "), .char("A"))
            })
        parts.append(
            nested(
                "Notification centre",
                "`!` lists SLA at-risk and breached cases (yours and unassigned), your tasks overdue or due within a day, cases assigned to you by someone else and customer replies on your cases, each saying why; the unread count is on the tab bar. Enter opens the record and marks it read, `x` marks read, `X` all, `z` snoozes it for a day (it comes back unread), `d` dismisses until something new happens to it. Read, dismissed and snoozed marks are kept per user, as `crm notifications` keeps them, and sync to your other devices (never to a teammate's)."
            ) { $0.press(.char("!")) })
        parts.append(
            nested(
                "Recently deleted",
                "`:deleted` lists deleted contacts, companies, deals, cases and activities, newest first; `r` restores one with what its delete took along. `u` undoes your last change on any screen that is not taking text, and pressed again redoes it."
            ) {
                $0.press(.char("d"), .char("y"), .char(":"))
                $0.type("deleted")
                $0.press(.enter)
            })
        parts.append(globalKeys)
        return parts.joined(separator: "\n\n") + "\n"
    }

    static let intro = """
        # The crm TUI

        `crm` with no arguments in a terminal (or `crm tui`, optionally `--screen cases`) opens the
        terminal interface on the same database as the CLI (`--db PATH`, `CRM_DB`). It needs at
        least 80x24 and redraws on resize; a smaller terminal shows a message instead of a broken
        layout. Colours follow the terminal (256 colours when available) and `NO_COLOR` turns them
        off. Every key of a screen is listed by `?`; the bottom line shows the most useful ones; a
        key that cannot act says why in the status line. `ctrl+c` always quits.

        It starts on the Dashboard. The number keys switch screens as the tab bar numbers them:
        1 Contacts, 2 Companies, 3 Pipeline, 4 Cases, 5 Dashboard, 6 Agenda.

        This file is generated by `Tests/CRMTUITests/UserGuideTests.swift` from the screens' key
        bindings and in-memory renderings (`CRM_WRITE_DOCS=1 swift test --filter UserGuideTests`).
        """

    static let prose: [ScreenID: String] = [
        .contacts:
            "All contacts by name. The list pages by key, so it scrolls through a million rows as fast as through ten; only the visible rows are in memory. Long and wide (CJK, emoji) names are cut with … without moving the next column.",
        .companies: "All companies by name, with the same keys as Contacts.",
        .pipeline:
            "The deals board: one column per stage with its count and total per currency, newest deals first. `H`/`L` (or `<`/`>`) move the selected deal between open stages and the selection follows it; `w` and `x` close it as won or lost. `space`, `V` and `*` mark deals in the focused column, and the marks stay while you move to other columns; `m` then moves every marked deal (or the selected one) to a stage picked from a list, asking first, in one step that `u` takes back.",
        .cases:
            "The support triage queue: open cases, most urgent SLA deadline first. Breached deadlines show in red as `late …`, those with under a quarter of their time left in yellow. `a` assigns to you and `A` to a teammate picked from a list; `p` and `s` pick the priority (due times are recomputed) or the status from a list, where typing narrows it; `c` adds an internal note. After a change the selection stays on the same case, wherever it now sorts. `C` shows what changed while you were away: the cases others changed (solved ones too) that came in by sync since you last left that view, in queue order; `C` again (or `f`) goes back and marks them seen, so the next look shows only what came in after. Your own edits are never listed, and on a device that was never synced the view is empty. It is also the last `f` filter, `changed`.",
        .dashboard:
            "Pipeline by stage, open and weighted pipeline, win rate, your tasks, the trends and the cases near or past their SLA. The trends are sparklines, one cell per week or day, oldest on the left and the current (still filling) one on the right: deals won per week by count and value (the currency won most), deals created per week, cases opened and resolved per day, and the share of each week's resolved cases resolved within SLA (a gap for a week with none resolved). They are the series `crm report trends` prints (`--chart` draws them the same way). Charts use block characters in a UTF-8 locale and ASCII otherwise. The figures are computed in the background.",
        .agenda:
            "Your open tasks: overdue, due today and upcoming. Tab moves between the three sections; `x` marks a task done; Enter opens what it is about.",
    ]

    static var firstRun: String {
        var model = Fixture.model(empty: true)
        model.hasUser = false
        let form = Harness(InMemoryDataSource(model), start: .dashboard)
        form.type("Ada Lovelace").press(.tab).type("ada@example.com")
        let harness = Harness(InMemoryDataSource(Fixture.model(empty: true)), start: .dashboard)
        return """
            ## First run

            When no user is set (`crm` run before `crm init`), the TUI first asks who you are: your
            name (required) and email (checked as you save; a problem shows under the field). Enter
            saves them exactly as `crm init --user NAME --email EMAIL` would, so the records you add
            are owned by you and the status line shows your name. Esc leaves it for later: the TUI
            works as before, the Dashboard says to run `crm init --user NAME`, and the next start asks
            again.

            ```text
            \(form.text)
            ```

            On a database with no contact, company, deal or case yet, the Dashboard says how to start
            instead of showing zeros: `n` adds the first contact right there, the list screens take `n`
            too, and `crm demo` in a shell fills the database with sample data to try things out. The
            empty list screens say the same in one line.

            ```text
            \(harness.text)
            ```
            """
    }

    static func section(_ id: ScreenID) -> String {
        let harness = Harness(start: id)
        return """
            ## \(id.rawValue) \(id.title)

            \(prose[id] ?? "")

            ```text
            \(harness.text)
            ```

            \(KeyTable.markdown(harness.app.screen(id).bindings()))
            """
    }

    static func nested(_ title: String, _ text: String, overlay: Bool = false, open: (Harness) -> Void) -> String {
        let harness = Harness(start: .contacts)
        open(harness)
        let bindings = overlay ? (harness.app.overlay?.hints ?? []) : harness.app.topScreen.bindings()
        return """
            ## \(title)

            \(text)

            ```text
            \(harness.text)
            ```

            \(KeyTable.markdown(bindings))
            """
    }

    static var globalKeys: String {
        let harness = Harness(start: .contacts)
        return """
            ## Keys on every screen

            A screen's own binding wins when it uses the same key (for example `q` goes back from a
            record instead of quitting). Text fields take readline keys: `ctrl+a`/`ctrl+e` start and
            end, `ctrl+w` delete a word, `ctrl+u` delete to the start, `ctrl+k` to the end.

            \(KeyTable.markdown(harness.app.globalBindings()))
            """
    }
}
