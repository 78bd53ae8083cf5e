// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// One child `crm-load run --shard K` process, seen from the coordinator: its stdout lines as an
/// async stream, and its stdin for the start signal.
///
/// The protocol is two lines out and one in: the child writes `ready N` once its clients have
/// logged in (N of them successfully), reads `go` before its sync phase, and ends with one
/// `result {json}` line (`ShardResult`). Its stderr (progress) goes straight to ours.
final class ShardProcess: Sendable {
    let index: Int
    private let process: Process
    private let input: FileHandle
    /// Stdout lines, read on a thread of their own: a blocking read must not hold one of the
    /// (two, on this machine) cooperative threads the clients' tasks run on.
    let lines: AsyncStream<Substring>

    /// Starts `executable` with `arguments`.
    init(index: Int, executable: URL, arguments: [String]) throws(LoadError) {
        self.index = index
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do { try process.run() } catch {
            throw .invalidPlan("could not start shard \(index) (\(executable.path)): \(error)")
        }
        self.process = process
        input = stdin.fileHandleForWriting
        let output = stdout.fileHandleForReading
        lines = AsyncStream { continuation in
            Thread.detachNewThread {
                var buffer = Data()
                while true {
                    let chunk = output.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        continuation.yield(Substring(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                        buffer.removeSubrange(buffer.startIndex...newline)
                    }
                }
                if !buffer.isEmpty { continuation.yield(Substring(decoding: buffer, as: UTF8.self)) }
                continuation.finish()
            }
        }
    }

    /// Tells the child to start its sync phase.
    func go() {
        try? input.write(contentsOf: Data("go\n".utf8))
    }

    /// Waits for the child to exit (its stdout has ended by then) and returns its status.
    func exitStatus() async -> Int32 {
        let process = self.process
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }

    /// Ends a child that is still running (the coordinator failed).
    func stop() {
        if process.isRunning { process.terminate() }
    }
}
