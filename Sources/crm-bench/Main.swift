// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// `crm-bench`: the local-store benchmark of `make bench`, each figure next to its baseline.
@main
enum Bench {
    static func main() throws {
        let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !options.keep { try? FileManager.default.removeItem(at: folder) } }
        let path = folder.appendingPathComponent("bench.sqlite").path
        say("crm-bench: \(options.contacts) contacts, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
        say("database: \(path)")
        let store = try CRMStore.open(path: path)
        var report = BenchReport()
        try StoreBench(store: store, options: options, folder: folder).run(into: &report)
        say("\npeak memory: \(String(format: "%.0f", Measure.peakMemoryMiB())) MiB")
        if let output = options.output {
            try report.lines.joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
        }
    }
}

/// Command-line options of crm-bench.
struct BenchOptions {
    var contacts = 1_000_000
    var keep = false
    var output: String?

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--contacts":
                guard let value = rest.popFirst().flatMap(Int.init), value >= 1000 else {
                    throw BenchError("--contacts needs a number of at least 1000")
                }
                contacts = value
            case "--keep": keep = true
            case "--output": output = rest.popFirst()
            default: throw BenchError("unknown argument \(argument); use --contacts N [--keep] [--output FILE]")
            }
        }
    }
}

/// A usage error of crm-bench.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Collects the printed lines so they can also be written to a file.
struct BenchReport {
    var lines: [String] = []

    mutating func print(_ line: String) {
        say(line)
        lines.append(line)
    }
}
