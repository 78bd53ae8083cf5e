// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOPosix

/// Where `crm-server serve` runs its Swift tasks when its store is PostgreSQL.
///
/// On PostgreSQL a sync request is a handful of round trips; each answer arrives on a NIO event
/// loop and, with Swift's own global pool, resumes the waiting handler on another thread: a futex
/// wake and two context switches per round trip, which the profile of the two-instance bench put
/// at a fifth of an instance's CPU (Docs/BENCHMARKS.md, 2026-12-05). Running the global executor on
/// NIO's event loops resumes the handler on the loop the answer arrived on. SQLite keeps Swift's
/// pool: its store blocks a thread for each statement, which must not be an event loop.
public enum ConcurrencyExecutor {
    /// Installs NIO's event loops as the global executor for `serve` on PostgreSQL.
    ///
    /// `arguments` are the command line without the program name. Must run first in `main`,
    /// before any task is created; returns whether it installed.
    @discardableResult
    public static func installWhenServingPostgres(arguments: [String]) -> Bool {
        guard servesPostgres(arguments) else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Whether `arguments` are `serve … --db postgres://…` (or `postgresql://`, or `--db=…`).
    static func servesPostgres(_ arguments: [String]) -> Bool {
        guard arguments.first == "serve" else { return false }
        let isPostgres = { (url: String) in url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") }
        for (index, argument) in arguments.enumerated() {
            if argument == "--db", index + 1 < arguments.count, isPostgres(arguments[index + 1]) { return true }
            if argument.hasPrefix("--db="), isPostgres(String(argument.dropFirst("--db=".count))) { return true }
        }
        return false
    }
}
