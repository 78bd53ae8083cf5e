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

# A crm-server on 127.0.0.1 (a free port, in $PORT) with tenant acme and two members, mona
# (manager) and bo (agent), passwords NAME-secret-pw; stopped by cleanup. Needs $SERVER.
start_server() {
    "$SERVER" tenant add acme --db "sqlite:$WORK/server.sqlite" >/dev/null
    for user in mona:manager bo:agent; do
        echo "${user%%:*}-secret-pw" | "$SERVER" user add --tenant acme --name "${user%%:*}" --role "${user#*:}" \
            --email "${user%%:*}@acme.example" --cost 4 --db "sqlite:$WORK/server.sqlite" >/dev/null
    done
    "$SERVER" serve --db "sqlite:$WORK/server.sqlite" --host 127.0.0.1 --port 0 --log-level error >"$WORK/server.out" 2>&1 &
    SERVER_PID=$!
    CLEANUP_EXTRA="kill $SERVER_PID 2>/dev/null || true"
    for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.out" && break; sleep 0.1; done
    PORT="$(sed -n 's/^listening on.*:\([0-9]*\)$/\1/p' "$WORK/server.out" | head -1)"
    [ -n "$PORT" ] || fail "crm-server did not start: $(cat "$WORK/server.out")"
}
