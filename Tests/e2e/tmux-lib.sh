#!/usr/bin/env bash
# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Shared helpers of the tmux end-to-end tests: source it after setting NAME (the test's name in
# messages) and CRM (the binary). Sets WORK (a temporary folder, removed at exit unless KEEP is
# set) and SOCKET (a tmux server of the test's own), and defines screen, wait_for, keys, typed,
# resize, fail and start_tui.

if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP $NAME: tmux is not installed (apt-get install tmux)"
    exit 0
fi
if [ ! -x "$CRM" ]; then
    echo "FAIL $NAME: $CRM is not an executable; run swift build first" >&2
    exit 1
fi
CRM="$(cd "$(dirname "$CRM")" && pwd)/$(basename "$CRM")"

WORK="$(mktemp -d)"
echo "work dir: $WORK"
SOCKET="crm-e2e-$$"
CLEANUP_EXTRA=":"
cleanup() {
    tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
    eval "$CLEANUP_EXTRA"
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL $NAME: $1" >&2
    echo "--- screen ---" >&2
    tmux -L "$SOCKET" capture-pane -p -t e2e >&2 2>/dev/null || true
    exit 1
}

screen() { tmux -L "$SOCKET" capture-pane -p -t e2e; }

# Waits until the screen shows the text, up to 20 s (CI machines can be slow; WAIT_TENTHS overrides).
wait_for() {
    local text="$1"
    for _ in $(seq 1 "${WAIT_TENTHS:-200}"); do
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

# Starts the TUI on a database in a fresh tmux session of WIDTH x HEIGHT: start_tui DB WIDTH HEIGHT.
# Killing the last session stops the tmux server; a new session started while it is still exiting
# fails with "server exited unexpectedly", so the start is tried again after a pause.
start_tui() {
    tmux -L "$SOCKET" kill-session -t e2e >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5; do
        if tmux -L "$SOCKET" -f /dev/null new-session -d -s e2e -x "$2" -y "$3" \
            "env LANG=C.UTF-8 TERM=xterm-256color XDG_CONFIG_HOME='$WORK/config' '$CRM' --db '$1'; echo \"TUI EXITED \$?\"; sleep 60"; then
            return 0
        fi
        sleep 0.3
    done
    fail "tmux could not start a session"
}
