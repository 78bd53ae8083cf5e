# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Sourced by scripts/bench-server.sh: CPU per request of the PostgreSQL configuration, split by
# part, over the steady window of a crm-load run (not its logins, ramp or verification).
#   cpu_sampler OUT LOAD_PARENT GROUP...  every second, one line "epoch_s ticks_1 ... ticks_n" into
#                                         OUT: the CPU ticks of each GROUP (PIDs joined by commas,
#                                         each with its whole process tree), and
#                                         last those of crm-load (the child of LOAD_PARENT named
#                                         crm-load, with its shard processes)
#   window_cpu OUT FROM TO               the CPU seconds of each column between the first sample at
#                                         or after FROM and the last at or before TO, as
#                                         "first_epoch_s last_epoch_s d_1 ... d_n"
#   access_requests LOG FROM TO          sync requests (/v1/changes) nginx logged in [FROM, TO)
# A process's ticks are utime + stime + cutime + cstime from /proc/PID/stat, so a backend or
# shard that exits inside the window is still counted (in its parent's reaped-children time).
# PostgreSQL's root is the postmaster: every backend, the WAL writer, the checkpointer and the
# autovacuum workers are its children. nginx's root is its master; its workers are children.

# utime + stime + cutime + cstime of one process in clock ticks; 0 when it is gone.
proc_ticks() {
    awk '{ i = index($0, ") "); n = split(substr($0, i + 2), f, " ");
           if (n > 15) print f[12] + f[13] + f[14] + f[15]; else print 0 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Ticks of PID and all its live descendants.
tree_ticks() {
    local pid="$1" total child
    total="$(proc_ticks "$pid")"
    for child in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
        total=$(( total + $(tree_ticks "$child") ))
    done
    echo "$total"
}

cpu_sampler() {
    local out="$1" parent="$2" line group root sum load
    shift 2
    : >"$out"
    while true; do
        line="$(date +%s.%N)"
        for group in "$@"; do
            sum=0
            for root in ${group//,/ }; do sum=$(( sum + $(tree_ticks "$root") )); done
            line="$line $sum"
        done
        load="$(pgrep -P "$parent" -x crm-load | head -1 || true)"
        if [ -n "$load" ]; then line="$line $(tree_ticks "$load")"; else line="$line -"; fi
        echo "$line" >>"$out"
        sleep 1
    done
}

window_cpu() {
    awk -v from="$2" -v to="$3" -v hz="$(getconf CLK_TCK)" '
        $1 >= from && $1 <= to && $NF != "-" { if (!first) { first = $0 }; last = $0 }
        END {
            if (!first || first == last) { print "-"; exit }
            n = split(first, a, " "); split(last, b, " ")
            line = sprintf("%.3f %.3f", a[1], b[1])
            for (i = 2; i <= n; i++) line = line " " sprintf("%.2f", (b[i] - a[i]) / hz)
            print line
        }' "$1"
}

# The access log's msec= field is the request's end in epoch seconds with milliseconds.
access_requests() {
    awk -v from="$2" -v to="$3" '
        /"(GET|POST) \/v1\/changes/ {
            for (i = NF; i > 0; i--) if ($i ~ /^msec=/) { t = substr($i, 6); break }
            if (t >= from && t < to) n++
        }
        END { print n + 0 }' "$1"
}

# Prints the split: CPU ms per request of each part over the steady window, and the floor.
#   print_split SAMPLES ACCESS_LOG FROM TO FLOOR_MS
# SAMPLES columns: instances, nginx, PostgreSQL (from cpu_sampler's roots in that order), crm-load.
print_split() {
    local window requests
    window="$(window_cpu "$1" "$3" "$4")"
    if [ "$window" = "-" ]; then echo "steady window: fewer than two samples between $3 and $4"; return; fi
    # shellcheck disable=SC2086
    set -- $window "$2" "$5"
    requests="$(access_requests "$7" "$1" "$2")"
    [ "$requests" -gt 0 ] || { echo "steady window: no sync request in the access log"; return; }
    awk -v a="$1" -v b="$2" -v inst="$3" -v ngx="$4" -v pg="$5" -v load="$6" -v r="$requests" -v floor="$8" \
        -v cores="$(nproc)" -v la="$(cut -d' ' -f1-3 /proc/loadavg)" '
        BEGIN {
            s = b - a
            printf "steady window: %.1f s, %d sync requests (nginx access log), %.1f requests/s; load average now %s\n", s, r, r / s, la
            printf "CPU seconds in the window: instances %.2f, nginx %.2f, PostgreSQL %.2f, crm-load %.2f (of %.1f on %d cores)\n", inst, ngx, pg, load, s * cores, cores
            printf "%-34s %10s %8s %11s %14s %9s %14s\n", "CPU ms per sync request", "instances", "nginx", "PostgreSQL", "cluster total", "crm-load", "/healthz floor"
            printf "%-34s %10.3f %8.3f %11.3f %14.3f %9.3f %14s\n", "(b) 2 instances, nginx, PostgreSQL", inst * 1000 / r, ngx * 1000 / r, pg * 1000 / r, (inst + ngx + pg) * 1000 / r, load * 1000 / r, floor
        }'
}
