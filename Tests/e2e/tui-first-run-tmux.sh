#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of the first run and the trend charts (issue 20), with the real binary in tmux:
#  1. a database that does not exist yet, and no user: the TUI asks for a name and email in a form
#     (a bad email is refused under its field), Enter saves them as `crm init --user --email` would,
#     and the CLI then sees that user; the dashboard says how to start (n, crm demo) instead of
#     showing zeros; n adds the first contact from there, owned by the new user, and then the
#     dashboard shows its figures;
#  1b. Esc on the form leaves it for later: the dashboard still says crm init --user NAME;
#  2. a demo database at 80x24: the dashboard draws the trend sparklines, and its series are the
#     ones `crm report trends --json` prints (the won column's total).
#
# Usage: Tests/e2e/tui-first-run-tmux.sh [path/to/crm]     (default .build/debug/crm)
set -euo pipefail

NAME=tui-first-run-tmux
CRM="${1:-.build/debug/crm}"
# shellcheck source=Tests/e2e/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"

# --- 1. First run ------------------------------------------------------------------------------
DB="$WORK/first.sqlite"
start_tui "$DB" 80 24
wait_for "Welcome to crm. Who are you?"
wait_for "Your name*"
typed "Fay Firstrun"
keys Tab
typed "fay.example.com"
keys Enter
wait_for "not an email address"
keys C-u
typed "fay@example.com"
keys Enter
wait_for "welcome, Fay Firstrun"
wait_for "Welcome to crm. This database has no records yet."
wait_for "add your first contact"
wait_for "crm demo"
[[ "$(screen)" != *"crm init --user NAME"* ]] || fail "the welcome still asks for a user after the form"
[[ "$(screen)" != *"Win rate"* ]] || fail "the first run shows a dashboard of zeros"
user="$("$CRM" --db "$DB" init --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["user"])')"
[ "$user" = "Fay Firstrun" ] || fail "crm init sees user '$user' after the first-run form"
[[ "$(screen)" == *"5 Dashboard"* ]] || fail "the dashboard is not screen 5 in the tab bar"
typed "n"
wait_for "New contact"
typed "Gil Guest"
keys Enter
wait_for "created contact"
keys Escape
typed "5"
wait_for "Pipeline by stage"
[[ "$(screen)" != *"Welcome to crm"* ]] || fail "the welcome stays after the first record"
typed "1"
wait_for "Gil Guest"
typed "q"
wait_for "TUI EXITED 0"
owners="$("$CRM" --db "$DB" contact list --json | python3 -c 'import json, sys; print(",".join(c["owner"] or "-" for c in json.load(sys.stdin)))')"
[ "$owners" = "Fay Firstrun" ] || fail "contacts' owners after adding one from the first-run dashboard: '$owners'"
"$CRM" --db "$DB" team list | grep -q "fay@example.com" || fail "the user's email did not reach the team directory"
echo "ok: the first run asks who you are, teaches, and n adds the first contact, owned by you"

# --- 1b. Esc on the first-run form -------------------------------------------------------------
DB1B="$WORK/later.sqlite"
start_tui "$DB1B" 80 24
wait_for "Welcome to crm. Who are you?"
keys Escape
wait_for "no user yet"
wait_for "crm init --user NAME"
typed "n"
wait_for "New contact"
keys Escape
typed "q"
wait_for "TUI EXITED 0"
echo "ok: Esc leaves the user for later and the TUI still works"

# --- 2. Trend charts on demo data --------------------------------------------------------------
DB2="$WORK/demo.sqlite"
"$CRM" --db "$DB2" init --user "E2E Agent" >/dev/null
"$CRM" --db "$DB2" demo --contacts 400 >/dev/null
start_tui "$DB2" 80 24
wait_for "Sales · 12 weeks"
wait_for "Cases · 14 days"
wait_for "SLA/week"
won="$("$CRM" --db "$DB2" report trends --json | python3 -c 'import json, sys; print(sum(w["won"] for w in json.load(sys.stdin)["sales"]))')"
screen | python3 -c '
import re, sys
won = sys.argv[1]
rows = [line for line in sys.stdin.read().splitlines() if re.match(r"^ Won {8}\S", line)]
sys.exit(0 if rows and re.match(r"^ Won {8}[\u2581-\u2588]{12} " + won + " won", rows[0]) else 1)
' "$won" || fail "the won sparkline is not 12 cells followed by the report's $won won"
typed "q"
wait_for "TUI EXITED 0"
echo "ok: the dashboard draws the trends crm report trends prints"
echo "PASS $NAME"
