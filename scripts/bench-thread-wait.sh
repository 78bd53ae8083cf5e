# crm — a terminal-first CRM. Licensed under the MIT License.
#
# Sourced by scripts/bench-server.sh: how long crm-server's threads ran and how long they waited
# for a CPU while runnable, over the steady window of a crm-load run, by kind of thread.
#   thread_sampler OUT PID        every 2 s, one line "epoch_s tid comm run_ns wait_ns" a thread of
#                                 PID into OUT, from /proc/PID/task/TID/schedstat (the kernel's
#                                 time on a CPU and time runnable on a run queue, in ns)
#   thread_wait OUT FROM TO       the kinds' totals between the first sample at or after FROM and
#                                 the last at or before TO
# Why: the group commit runs every push of the log on one writer thread (GRDB's writer queue, run
# by libdispatch's threads, named "...qos.overcommit"), so when the machine is short of CPU that
# thread's wait for one is what the pushes queue behind, while the event loops ("NIO-...") serve
# the pulls. A thread born inside the window counts from its birth; one that ended inside it is
# left out (libdispatch lets idle threads go), so the totals can fall a little short.

thread_sampler() {
    local out="$1" pid="$2" now task comm
    : >"$out"
    while [ -d "/proc/$pid" ]; do
        now="$(date +%s.%N)"
        for task in /proc/"$pid"/task/*; do
            # A thread may end between the glob and the reads: its files are gone, and the
            # failed redirection's message is silenced by the 2> before it.
            comm="$(tr ' ' '_' 2>/dev/null <"$task/comm")" || continue
            read -r run wait _ 2>/dev/null <"$task/schedstat" || continue
            echo "$now ${task##*/} $comm $run $wait"
        done >>"$out"
        sleep 2
    done
}

thread_wait() {
    awk -v from="$2" -v to="$3" '
        function kind(comm) {
            if (comm ~ /^NIO-/) return "event loops"
            if (comm ~ /qos/) return "dispatch (the writer)"
            return "other"
        }
        $1 >= from && $1 <= to {
            if (first == "") first = $1
            if ($1 == first) { run0[$2] = $4; wait0[$2] = $5 }
            if ($1 != last) { delete run1; delete wait1; delete comm1; last = $1 }
            run1[$2] = $4; wait1[$2] = $5; comm1[$2] = $3
        }
        END {
            if (first == "" || first == last) { print "threads: fewer than two samples in the window"; exit }
            for (t in run1) {
                k = kind(comm1[t]); run[k] += (run1[t] - run0[t]) / 1e9; wait[k] += (wait1[t] - wait0[t]) / 1e9
            }
            printf "crm-server threads over %.1f s of the steady window (s on a CPU / s runnable, waiting for one):", last - first
            n = split("event loops,dispatch (the writer),other", order, ",")
            for (i = 1; i <= n; i++) if (run[order[i]] > 0) printf " %s %.2f / %.2f;", order[i], run[order[i]], wait[order[i]]
            printf "\n"
        }' "$1"
}
