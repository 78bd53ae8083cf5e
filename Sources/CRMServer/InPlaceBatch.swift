// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore
import NIOPosix

/// The pulls and pushes one event loop read in one turn, taken together after its reads
/// (`InPlaceRequestHandler`).
///
/// NIO runs a loop's queued tasks after it has handled every socket that was ready, so queuing the
/// answers there makes a turn read all its requests first and then answer them one after the
/// other: the same order of work as the router's tasks, which are queued there too. Answering
/// each pull as soon as it was read, in between the reads, cost more CPU a request under wrk
/// (Docs/BENCHMARKS.md, 2026-12-07).
///
/// One per event loop thread (`current`); used on that thread only.
final class InPlaceBatch {
    private let loop: any EventLoop
    private var answers: [() -> Void] = []

    private init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Each thread sees only its own value, so sharing the variable itself is safe.
    nonisolated(unsafe) private static let perThread = ThreadSpecificVariable<InPlaceBatch>()

    /// The batch of `loop`, which must be the calling thread's (a handler's `context.eventLoop`).
    static func current(on loop: any EventLoop) -> InPlaceBatch {
        if let batch = perThread.currentValue { return batch }
        let batch = InPlaceBatch(loop: loop)
        perThread.currentValue = batch
        return batch
    }

    /// Queues `answer` (a pull's answer, a push handed to its store) for the end of the loop's turn.
    func add(_ answer: @escaping () -> Void) {
        answers.append(answer)
        guard answers.count == 1 else { return }
        loop.assumeIsolated().execute { self.run() }
    }

    private func run() {
        let due = answers
        answers = []
        for answer in due { answer() }
    }
}
