#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of the TUI: runs the built `crm` in tmux on a demo database, searches, opens a
# contact, edits a field, moves a deal on the board, assigns a case, resizes 200x60 -> 80x24 ->
# 60x20 -> 200x60, quits, then checks the database with the CLI.
#
# Usage: Tests/e2e/tui-tmux.sh [path/to/crm]     (default .build/debug/crm)
set -euo pipefail

CRM="${1:-.build/debug/crm}"
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP tui-tmux: tmux is not installed (apt-get install tmux)"
    exit 0
fi
if [ ! -x "$CRM" ]; then
    echo "FAIL tui-tmux: $CRM is not an executable; run swift build first" >&2
    exit 1
fi
CRM="$(cd "$(dirname "$CRM")" && pwd)/$(basename "$CRM")"

WORK="$(mktemp -d)"
echo "work dir: $WORK"
SOCKET="crm-e2e-$$"
DB="$WORK/crm.sqlite"
cleanup() {
    tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL tui-tmux: $1" >&2
    echo "--- screen ---" >&2
    tmux -L "$SOCKET" capture-pane -p -t e2e >&2 2>/dev/null || true
    exit 1
}

screen() { tmux -L "$SOCKET" capture-pane -p -t e2e; }

# Waits until the screen shows the text, up to 20 s (CI machines can be slow).
wait_for() {
    local text="$1"
    for _ in $(seq 1 200); do
        if [[ "$(screen)" == *"$text"* ]]; then return 0; fi
        sleep 0.1
    done
    fail "timed out waiting for: $text"
}

keys() { tmux -L "$SOCKET" send-keys -t e2e "$@"; }
typed() { tmux -L "$SOCKET" send-keys -t e2e -l -- "$1"; }

resize() {
    tmux -L "$SOCKET" resize-window -t e2e -x "$1" -y "$2"
    sleep 0.3
}

# A demo database plus three records the test can find by name.
"$CRM" --db "$DB" init --user "E2E Agent" --email agent@e2e.test >/dev/null
"$CRM" --db "$DB" demo --contacts 300 >/dev/null
"$CRM" --db "$DB" contact add --name "Zed Endtoend" --email zed@e2e.test >/dev/null
"$CRM" --db "$DB" deal add --title "Endtoend Deal" --amount 1000 >/dev/null
# Created long ago, so it heads the triage queue (most overdue first).
CRM_NOW=2020-01-01T00:00:00Z "$CRM" --db "$DB" case open --subject "Endtoend case" --priority urgent >/dev/null

tmux -L "$SOCKET" -f /dev/null new-session -d -s e2e -x 200 -y 60 \
    "env LANG=C.UTF-8 TERM=xterm-256color '$CRM' --db '$DB'; echo \"TUI EXITED \$?\"; sleep 60"

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
expect_json case "Endtoend case" '"assignee" : "E2E Agent"' "case was not assigned to the current user"

# SIGTERM from outside: the TUI restores the terminal (leaves the alternate screen) and exits 143.
tmux -L "$SOCKET" kill-session -t e2e
tmux -L "$SOCKET" -f /dev/null new-session -d -s e2e -x 100 -y 30 \
    "env LANG=C.UTF-8 TERM=xterm-256color sh -c 'echo \$\$ > \"$WORK/pid\"; exec \"$CRM\" --db \"$DB\"'; echo \"TUI EXITED \$?\"; sleep 60"
wait_for "Pipeline by stage"
kill -TERM "$(cat "$WORK/pid")"
wait_for "TUI EXITED 143"
[[ "$(screen)" == *"Pipeline by stage"* ]] && fail "the TUI's screen was left behind after SIGTERM"

echo "PASS tui-tmux: search, open, edit, move deal, assign case, resize, quit, SIGTERM"
