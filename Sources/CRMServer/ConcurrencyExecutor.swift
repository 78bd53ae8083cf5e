// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOPosix

/// Where `crm-server serve` runs its Swift tasks: on NIO's event loops.
///
/// With Swift's own global pool every request hops threads: the request arrives on an event loop,
/// its handler runs on a thread of the pool, and each store answer (a PostgreSQL reply, the SQLite
/// group commit) wakes a pool thread again; the futex wakes and context switches were a fifth of a
/// PostgreSQL instance's CPU. Running the global executor on the event loops resumes each handler
/// on the loop its work arrived on (Docs/BENCHMARKS.md, 2026-12-05: on PostgreSQL 13 % less CPU per
/// request; on SQLite, pulls 0.16 → 0.095 ms under wrk and push p99 at 12,000 devices 0.9 → 0.34 s).
///
/// NIO runs each job isolated to its loop, so a task's every step into a nonisolated async
/// function parks it and enqueues it again on the same loop (29–55 jobs a request; where each comes
/// from: `scripts/bench-task-switches.sh`). A hook of our own that ran the jobs on the generic
/// executor instead cut that to 2, but cost more under wrk and served fewer requests at 24,000
/// devices in three pairs of four (Docs/BENCHMARKS.md, 2026-12-07). The switches we can remove
/// from our side are our own layers: the middlewares are one for that reason (`EdgeMiddleware`).
///
/// On SQLite the request reads (the token, a pull page) then run on an event loop: a large page
/// holds its loop, and the sockets on it, for its few milliseconds, as it held a thread of Swift's
/// pool before, which has as many threads as the loops. They never wait on anything a loop must
/// do (the read pool has more connections than threads; pushes await the group commit, which
/// runs on GRDB's writer queue), so they cannot deadlock.
public enum ConcurrencyExecutor {
    /// Installs NIO's event loops as the global executor for `serve`.
    ///
    /// `arguments` are the command line without the program name. Must run first in `main`,
    /// before any task is created; returns whether it installed.
    @discardableResult
    public static func installWhenServing(arguments: [String]) -> Bool {
        guard serves(arguments) else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Whether the command line is `serve` (the other commands run once and leave).
    static func serves(_ arguments: [String]) -> Bool {
        arguments.first == "serve"
    }
}
