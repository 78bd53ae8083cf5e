// crm — a terminal-first CRM. Licensed under the MIT License.

import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into a flag the main loop polls.
///
/// A signal handler may not call curses (it is not async-signal-safe, and curses belongs to the
/// main thread), so the signals are ignored at the process level and observed through dispatch
/// sources; the loop sees `received` within one poll interval and restores the terminal itself.
public final class TerminationSignals {
    private final class Flag: Sendable {
        let value = Atomic<Int32>(0)
    }

    private let flag = Flag()
    private let sources: [any DispatchSourceSignal]

    /// Starts watching the termination signals.
    public init() {
        let flag = self.flag
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.value.store(number, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// The signal that arrived, if any.
    public var received: Int32? {
        let value = flag.value.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
