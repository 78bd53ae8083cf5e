#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of triage and bulk actions in the TUI (issue 20), with the real binaries in tmux:
#  1. a case's priority and then its status, picked from lists, both land on the same case although
#     the priority change sorts it off the screen;
#  2. three marked cases assigned to a colleague in one action, then `*` over a filter of exactly
#     1,000 cases assigned the same way, and one `crm undo` taking the 1,000 back.
# The colleague comes from a real crm-server's team directory (crm sync login, then logout).
#
# Usage: Tests/e2e/tui-bulk-tmux.sh [path/to/crm] [path/to/crm-server]   (default .build/debug/…)
set -euo pipefail

NAME=tui-bulk-tmux
CRM="${1:-.build/debug/crm}"
SERVER="${2:-$(dirname "$CRM")/crm-server}"
# shellcheck source=Tests/e2e/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"
[ -x "$SERVER" ] || fail "$SERVER is not an executable; run swift build first"
export XDG_CONFIG_HOME="$WORK/config"

count() { python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
ids() { python3 -c 'import json, sys; print("\n".join(c["id"] for c in json.load(sys.stdin)))'; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# --- 1. Triage that follows the case -------------------------------------------------------------
DB1="$WORK/triage.sqlite"
"$CRM" --db "$DB1" init --user "E2E Agent" >/dev/null
# Opened first and urgent, so it heads the queue (due 01:00); 40 urgent cases opened at 00:30 (due
# 01:30) come next. As low priority it is due days later, below all 40: off a 30-row screen.
CRM_NOW=2020-01-01T00:00:00Z "$CRM" --db "$DB1" case open --subject "Triage top" --priority urgent --quiet >/dev/null
for n in $(seq 1 40); do
    CRM_NOW=2020-01-01T00:30:00Z "$CRM" --db "$DB1" case open --subject "Filler $n" --priority urgent --quiet >/dev/null
done
start_tui "$DB1" 120 30
wait_for "Pipeline by stage"
typed "4"
wait_for "Triage top"
typed "p"
wait_for "Priority of Triage top"
typed "low"
keys Enter
wait_for "Triage top: priority low"
typed "s"
wait_for "Status of Triage top"
typed "pend"
keys Enter
wait_for "Triage top: status pending"
typed "q"
wait_for "TUI EXITED 0"
top="$("$CRM" --db "$DB1" case show "Triage top" --json)"
[ "$(field priority <<<"$top")" = low ] || fail "Triage top's priority is not low: $top"
[ "$(field status <<<"$top")" = pending ] || fail "the status change did not land on Triage top: $top"
pending="$("$CRM" --db "$DB1" case list --status pending --json --limit 100 | count)"
[ "$pending" = 1 ] || fail "$pending cases are pending; the status went to another case too"
echo "ok: priority then status landed on the same case"

# --- 2. Bulk: a colleague from the server's directory, a demo database ---------------------------
start_server

DB="$WORK/crm.sqlite"
"$CRM" --db "$DB" init --user "Mona Local" >/dev/null
echo "mona-secret-pw" | "$CRM" --db "$DB" sync login --server "http://127.0.0.1:$PORT" --tenant acme --user mona \
    >/dev/null || fail "could not log in to the test server"
"$CRM" --db "$DB" sync now --once >/dev/null || fail "could not receive the team directory"
"$CRM" --db "$DB" sync logout >/dev/null
kill "$SERVER_PID"
"$CRM" --db "$DB" team list | grep -q "^bo " || fail "bo is not in the team: $("$CRM" --db "$DB" team list)"

# Demo cases are unassigned; leave exactly 1,003 open ones unassigned (the CLI's bulk assign gives
# the rest to mona in one call), so after the first three, `*` over "unassigned" marks 1,000.
"$CRM" --db "$DB" demo --contacts 10000 --seed 20 >/dev/null
mapfile -t open < <("$CRM" --db "$DB" case list --unassigned --limit 100000 --json | ids)
[ "${#open[@]}" -gt 1003 ] || fail "the demo made only ${#open[@]} unassigned open cases"
"$CRM" --db "$DB" case assign "${open[@]:1003}" --to mona --quiet >/dev/null
unassigned="$("$CRM" --db "$DB" case list --unassigned --limit 100000 --json | count)"
[ "$unassigned" = 1003 ] || fail "expected 1003 unassigned cases, found $unassigned"

start_tui "$DB" 200 60
wait_for "Pipeline by stage"
typed "4"
wait_for "[all open]"
typed "ff"
wait_for "[unassigned]"
typed "   "
wait_for "3 cases marked"
typed "A"
wait_for "Assign 3 cases to"
typed "bo"
keys Enter
wait_for "Assign to bo: 3 cases?"
typed "y"
wait_for "assign to bo: 3 cases changed in one step"
typed "*"
wait_for "1,000 cases marked"
typed "A"
wait_for "Assign 1,000 cases to"
typed "bo"
keys Enter
wait_for "Assign to bo: 1,000 cases?"
typed "y"
wait_for "assign to bo: 1,000 cases changed in one step"
wait_for "No unassigned cases"
typed "q"
wait_for "TUI EXITED 0"

bo="$("$CRM" --db "$DB" case list --assignee bo --limit 100000 --json | count)"
[ "$bo" = 1003 ] || fail "bo has $bo cases, expected 1003"
"$CRM" --db "$DB" undo >/dev/null
bo="$("$CRM" --db "$DB" case list --assignee bo --limit 100000 --json | count)"
[ "$bo" = 3 ] || fail "after one undo bo has $bo cases, expected the first 3"

echo "PASS tui-bulk-tmux: priority and status on the same case, 3 cases and 1,000 cases bulk-assigned, one undo"
