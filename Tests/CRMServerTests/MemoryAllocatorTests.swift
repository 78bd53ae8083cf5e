// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// The built `crm-server` allocates with jemalloc (Package.swift links it; Docs/SERVER.md, "Memory
/// allocator"), checked in the dynamic loader's own account of the process's bindings.
@Suite struct MemoryAllocatorTests {
    /// What `LD_DEBUG=bindings` says, for `crm-server --help`, about `symbol`'s bindings.
    static func bindings(of symbol: String) throws -> [Substring] {
        let process = Process()
        process.executableURL = try ServerProcess.binary()
        process.arguments = ["--help"]
        process.environment = ProcessInfo.processInfo.environment.merging(["LD_DEBUG": "bindings"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").filter {
            $0.contains("normal symbol `\(symbol)'")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/maps"), "LD_DEBUG is glibc's, on Linux"))
    func mallocAndFreeAreJemallocs() throws {
        for symbol in ["malloc", "free"] {
            let lines = try Self.bindings(of: symbol)
            #expect(!lines.isEmpty, "no binding of \(symbol) reported")
            // Swift's runtime, SQLite and libc itself all call the one allocator.
            #expect(lines.allSatisfy { $0.contains("to /") && $0.contains("libjemalloc.so") }, "\(lines)")
            #expect(lines.contains { $0.contains("libswiftCore.so") }, "\(lines)")
        }
    }
}
