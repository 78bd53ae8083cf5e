// crm — a terminal-first CRM. Licensed under the MIT License.

import NIOCore

/// Bodies of forty sizes for the kept-codec tests (`GzipTests`, `ZstdTests`), and a check run over
/// them from four tasks at once, each in its own order, so that kept compressors and decompressors
/// pass between threads and between bodies of every size.
enum KeptCodecBodies {
    static let bodies = (0..<40).map { index in
        ByteBuffer(string: String(repeating: "{\"n\":\(index),\"name\":\"Ada \(index)\"}", count: index * 7 + 1))
    }

    /// Runs `check` on every body from four tasks at once.
    static func checkFromFourTasks(_ check: @escaping @Sendable (ByteBuffer) throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for body in bodies.shuffled() + [bodies[lane]] { try check(body) }
                }
            }
            try await group.waitForAll()
        }
    }
}
