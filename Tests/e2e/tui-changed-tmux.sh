#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# End-to-end test of "what changed since I last looked" (issue 20), with the real binaries in tmux:
# two devices of a team sync through a real crm-server; on the first, C on the Cases screen lists
# the cases the other device opened or solved (not the first device's own case), C again marks
# them seen, and the next look is empty until another change comes in.
#
# Usage: Tests/e2e/tui-changed-tmux.sh [path/to/crm] [path/to/crm-server]   (default .build/debug/…)
set -euo pipefail

NAME=tui-changed-tmux
CRM="${1:-.build/debug/crm}"
SERVER="${2:-$(dirname "$CRM")/crm-server}"
# shellcheck source=Tests/e2e/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"
[ -x "$SERVER" ] || fail "$SERVER is not an executable; run swift build first"
export XDG_CONFIG_HOME="$WORK/config"

start_server

MONA="$WORK/mona.sqlite"
BO="$WORK/bo.sqlite"
for device in mona:"$MONA" bo:"$BO"; do
    user="${device%%:*}"
    db="${device#*:}"
    "$CRM" --db "$db" init --user "$user" >/dev/null
    echo "$user-secret-pw" | XDG_CONFIG_HOME="$WORK/config-$user" "$CRM" --db "$db" sync login \
        --server "http://127.0.0.1:$PORT" --tenant acme --user "$user" >/dev/null || fail "$user could not log in"
done
sync_device() { XDG_CONFIG_HOME="$WORK/config-$1" "$CRM" --db "$2" sync now --once >/dev/null || fail "$1 could not sync"; }

"$CRM" --db "$MONA" case open --subject "Mona own case" --quiet >/dev/null
"$CRM" --db "$BO" case open --subject "Bo printer case" --quiet >/dev/null
"$CRM" --db "$BO" case open --subject "Bo login case" --quiet >/dev/null
sync_device mona "$MONA"
sync_device bo "$BO"
sync_device mona "$MONA"

start_tui "$MONA" 120 30
wait_for "Pipeline by stage"
typed "4"
wait_for "Mona own case"
wait_for "Bo login case"
typed "C"
wait_for "[changed]"
wait_for "Bo printer case"
wait_for "Bo login case"
[[ "$(screen)" != *"Mona own case"* ]] || fail "the user's own case is listed as changed by others"
typed "C"
wait_for "changes marked seen"
typed "C"
wait_for "Nothing changed by others since you last looked."
typed "C"
wait_for "[all open]"
typed "q"
wait_for "TUI EXITED 0"

# Bo solves one case; after a sync only that one is news, and a solved case is listed too.
"$CRM" --db "$BO" case status "Bo printer case" solved --quiet >/dev/null
sync_device bo "$BO"
sync_device mona "$MONA"
start_tui "$MONA" 120 30
wait_for "Pipeline by stage"
typed "4"
wait_for "[all open]"
typed "C"
wait_for "Bo printer case"
wait_for "solved"
[[ "$(screen)" != *"Bo login case"* ]] || fail "a case seen before is listed again"
typed "q"
wait_for "TUI EXITED 0"
echo "PASS $NAME: the cases others changed, seen once, then only the newer change"
