// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A bounded, blocking first-in-first-out queue between one producer thread and one consumer.
///
/// The CSV import reads and maps rows on a producer thread while the SQLite writer (which is
/// single-threaded) writes the batches before them. The bound is the back-pressure: when the
/// writer falls behind, `put` blocks the producer, so a 1,000,000-row file never has more than
/// `capacity` batches mapped ahead of the writer in memory.
///
/// `cancel` is for the consumer that stops early (a write failed, `--strict` met a bad row):
/// it drops what is queued and makes every later `put` return false at once, so the producer
/// never blocks forever on a queue nobody reads.
///
/// Written on `NSCondition` rather than `Synchronization.Mutex` because the package still
/// builds for macOS 14, where `Mutex` is not available; every stored property is read and written
/// only with `condition` locked, which is what makes the `@unchecked Sendable` sound.
public final class BatchQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Oldest first; never longer than `capacity`, so taking from the front is cheap.
    private var items: [Element] = []
    private var closed = false
    private var cancelled = false
    /// Producers waiting in `put` for room (for `waitUntilProducerBlocked`).
    private var blockedProducers = 0
    public let capacity: Int

    /// A queue that holds at most `capacity` elements (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Appends `element`, waiting while the queue is full; false when the consumer has cancelled
    /// (the element is dropped and the producer should stop).
    @discardableResult
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && items.count >= capacity {
            blockedProducers += 1
            condition.broadcast()
            condition.wait()
            blockedProducers -= 1
        }
        guard !cancelled, !closed else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The oldest element, waiting while the queue is empty; nil once the producer has closed
    /// the queue and everything in it has been taken, or after `cancel`.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && !closed && items.isEmpty { condition.wait() }
        guard !cancelled, !items.isEmpty else { return nil }
        // Removed, not just passed over: a producer that keeps the queue full must not keep
        // every batch ever taken alive behind the read position.
        let element = items.removeFirst()
        condition.broadcast()
        return element
    }

    /// Marks the end of the producer's elements; `take` drains what is queued, then returns nil.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drops everything queued and wakes both sides: `put` returns false and `take` nil from now on.
    public func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called `close`: it has finished with whatever it produces from.
    public func waitUntilClosed() {
        condition.lock()
        defer { condition.unlock() }
        while !closed { condition.wait() }
    }

    /// Waits until the queue is full and a producer is blocked in `put` for room.
    ///
    /// A synchronisation point for tests of the bound and of `cancel`: it needs no sleep to know
    /// the producer got there. (A producer woken by a `take` still counts as blocked until it runs,
    /// but then the queue is not full.) Waits forever if no producer ever fills the queue.
    func waitUntilProducerBlocked() {
        condition.lock()
        defer { condition.unlock() }
        while blockedProducers == 0 || items.count < capacity { condition.wait() }
    }

    /// How many elements wait to be taken (for tests of the bound).
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return items.count
    }
}
