#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of the TUI: runs the built `crm` in tmux on a demo database, searches, opens a
# contact, edits a field, adds a task with a due time from its detail (completing the contact's
# name), opens a company's related contact and deal, moves a deal on the board, assigns a case, resizes 200x60 -> 80x24 ->
# 60x20 -> 200x60, quits, then checks the database with the CLI.
#
# Usage: Tests/e2e/tui-tmux.sh [path/to/crm]     (default .build/debug/crm)
set -euo pipefail

NAME=tui-tmux
CRM="${1:-.build/debug/crm}"
# shellcheck source=Tests/e2e/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"
DB="$WORK/crm.sqlite"

# A demo database plus three records the test can find by name.
"$CRM" --db "$DB" init --user "E2E Agent" --email agent@e2e.test >/dev/null
"$CRM" --db "$DB" demo --contacts 300 >/dev/null
"$CRM" --db "$DB" contact add --name "Zed Endtoend" --email zed@e2e.test --quiet >/dev/null
# A company with one contact and one open deal, for the related panes of its detail view.
"$CRM" --db "$DB" contact add --name "Yara Related" --email yara@relatedco.test --company "Relatedco Endtoend" --quiet >/dev/null
"$CRM" --db "$DB" deal add --title "Related Deal" --amount 500 --company "Relatedco Endtoend" --quiet >/dev/null
"$CRM" --db "$DB" deal add --title "Endtoend Deal" --amount 1000 --quiet >/dev/null
# Created long ago, so it heads the triage queue (most overdue first).
CRM_NOW=2020-01-01T00:00:00Z "$CRM" --db "$DB" case open --subject "Endtoend case" --priority urgent --quiet >/dev/null

start_tui "$DB" 200 60

wait_for "Pipeline by stage"
wait_for "E2E Agent"

# Search as you type, open the contact.
typed "/"
wait_for "Type to search"
typed "Zed Endto"
wait_for "Zed Endtoend"
keys Enter
wait_for "CONTACT  Zed Endtoend"

# Edit the email field (second field): Tab, ctrl+u clears it, type, Enter saves.
typed "e"
wait_for "Edit contact: Zed Endtoend"
keys Tab C-u
typed "zed.changed@e2e.test"
keys Enter
wait_for "saved contact"
wait_for "zed.changed@e2e.test"

# A task with a due time from the contact's detail: n, pick "task"; the contact is pre-filled and
# selected, typing part of the name lists it from the search, Tab completes it, Enter saves.
typed "n"
wait_for "New … about Zed Endtoend"
keys Enter
wait_for "New activity"
typed "Send the Endtoend quote"
keys Tab
typed "tomorrow 15:00"
keys Tab C-u
typed "Zed Endt"
wait_for "› Zed Endtoend"
keys Tab
keys Enter
wait_for "created task"
wait_for "Open tasks (1)"

# A company's detail lists its contacts and open deals; Tab moves into a list, Enter opens the row.
typed ":"
typed "company Relatedco"
keys Enter
wait_for "Relatedco Endtoend"
keys Enter
wait_for "COMPANY  Relatedco Endtoend"
wait_for "Contacts (1)"
wait_for "Yara Related"
wait_for "Open deals (1)"
wait_for "Related Deal"
keys Tab Tab Enter
wait_for "CONTACT  Yara Related"
typed "q"
wait_for "COMPANY  Relatedco Endtoend"
keys Tab Enter
wait_for "DEAL  Related Deal"
keys Escape Escape

# The board: the newest deal heads the Lead column; L moves it to the next stage.
typed "3"
wait_for "Endtoend Deal"
typed "L"
wait_for "moved Endtoend Deal to Qualified"

# The triage queue: the long-overdue case is first; a assigns it to me.
typed "4"
wait_for "Endtoend case"
typed "a"
wait_for "Endtoend case: assigned to you"

# Resize down to the minimum, below it, and back.
resize 80 24
wait_for "4 Cases"
resize 60 20
wait_for "Terminal too small: 60x20."
resize 200 60
wait_for "Endtoend case"
[[ "$(screen)" == *"Terminal too small"* ]] && fail "the too-small message stayed after growing back"

typed "q"
wait_for "TUI EXITED 0"

# The database, read back through the CLI (output captured first: grep -q would cut the pipe).
expect_json() {
    local output
    output="$("$CRM" --db "$DB" "$1" show "$2" --json)"
    grep -qF -- "$3" <<<"$output" || fail "$4; $1 $2 is: $output"
}
expect_json contact "Zed Endtoend" '"email" : "zed.changed@e2e.test"' "contact email was not saved"
expect_json deal "Endtoend Deal" '"stage" : "Qualified"' "deal did not move to Qualified"
tasks="$("$CRM" --db "$DB" activity list --contact "Zed Endtoend" --json)"
python3 - "$tasks" <<'PY' || fail "the task was not saved on Zed Endtoend with a due time: $tasks"
import json, sys
rows = [r for r in json.loads(sys.argv[1]) if r.get("subject") == "Send the Endtoend quote"]
assert len(rows) == 1 and rows[0].get("kind") == "task" and rows[0].get("due_at"), rows
PY
expect_json case "Endtoend case" '"assignee" : "E2E Agent"' "case was not assigned to the current user"

# SIGTERM from outside: the TUI restores the terminal (leaves the alternate screen) and exits 143.
tmux -L "$SOCKET" kill-session -t e2e
tmux -L "$SOCKET" -f /dev/null new-session -d -s e2e -x 100 -y 30 \
    "env LANG=C.UTF-8 TERM=xterm-256color sh -c 'echo \$\$ > \"$WORK/pid\"; exec \"$CRM\" --db \"$DB\"'; echo \"TUI EXITED \$?\"; sleep 60"
wait_for "Pipeline by stage"
kill -TERM "$(cat "$WORK/pid")"
wait_for "TUI EXITED 143"
[[ "$(screen)" == *"Pipeline by stage"* ]] && fail "the TUI's screen was left behind after SIGTERM"

echo "PASS tui-tmux: search, open, edit, task from detail, related records, move deal, assign case, resize, quit, SIGTERM"
