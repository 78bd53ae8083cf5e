// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

/// `crm-bench`: the local-store benchmark of `make bench`, each figure next to its baseline.
@main
enum Bench {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print("usage: crm-bench \(BenchOptions.usage)")
            return
        }
        do {
            try await run(arguments: arguments)
        } catch {
            FileHandle.standardError.write(Data("crm-bench: error: \(error)\n".utf8))
            exit(error is BenchError ? 64 : 70)
        }
    }

    @MainActor static func run(arguments: [String]) async throws {
        var options = try BenchOptions(arguments: arguments)
        if let existing = options.analyticsOnly { return try analyticsOnly(existing, options: options) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !options.keep { try? FileManager.default.removeItem(at: folder) } }
        let path = options.database ?? folder.appendingPathComponent("bench.sqlite").path
        if options.database != nil, !FileManager.default.fileExists(atPath: path) {
            throw BenchError("no database at \(path)")
        }
        let store = try Store.open(path: path)
        if options.database != nil { options.contacts = try store.count(.contact) }
        say("crm-bench: \(options.contacts) contacts, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
        say("database: \(path)")
        var report = BenchReport()
        let started = DispatchTime.now().uptimeNanoseconds
        var phases: [(String, Double)] = []
        func timed(_ phase: String, _ body: () throws -> Void) rethrows {
            guard options.phases.contains(phase) else { return }
            phases.append((phase, try Measure.seconds(body)))
        }
        try timed("store") { try StoreBench(store: store, options: options, folder: folder).run(into: &report) }
        try timed("bulk") { try BulkBench(store: store).run(into: &report) }
        try timed("import") { try ImportBench(folder: folder, rows: options.importRows).run(into: &report) }
        try timed("cli") { try CLIBench(path: path).run(into: &report) }
        try timed("reads") {
            try ReadsDuringImportBench(folder: folder, rows: options.readsImportRows).run(into: &report)
        }
        try timed("analytics") { try AnalyticsBench(store: store, options: options).run(into: &report) }
        try timed("custom-fields") { try CustomFieldBench(store: store).run(into: &report) }
        // After phases that fill this process's heap, the TUI's memory is measured in a process of its own.
        let heapFilled = !options.phases.isDisjoint(with: ["store", "import", "analytics"])
        try timed("tui") {
            if heapFilled {
                try ChildPhase(phase: "tui", database: path, folder: folder).run(into: &report)
            } else {
                try TUIBench.run(path: path, into: &report)
            }
        }
        if options.phases.contains("sync") {
            let start = DispatchTime.now().uptimeNanoseconds
            try await SyncBench(folder: folder, changes: options.syncChanges).run(into: &report)
            phases.append(("sync", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        let whole = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if options.wallClock { Self.wallClock(phases, whole: whole, into: &report) }
        say("\npeak memory: \(String(format: "%.0f", Measure.peakMemoryMiB())) MiB")
        if let output = options.output {
            try report.lines.joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
        }
    }

    /// The wall clock of each phase and of the whole run, next to the 10-minute bound of issue #2.
    static func wallClock(_ phases: [(String, Double)], whole: Double, into report: inout BenchReport) {
        report.print("\n== wall clock of each phase")
        func line(_ name: String, _ seconds: Double) -> String {
            name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%7.1f s", seconds)
        }
        for (phase, seconds) in phases { report.print(line(phase, seconds)) }
        report.print(line("all", whole) + "   target (all phases, 1,000,000 contacts): < 600 s")
    }
}

extension Bench {
    /// `--analytics-only PATH`: the analytics phase alone on an existing bench database (kept with `--keep`).
    static func analyticsOnly(_ path: String, options: BenchOptions) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw BenchError("no database at \(path)") }
        let store = try Store.open(path: path)
        var options = options
        options.contacts = try store.count(.contact)
        say(
            "crm-bench --analytics-only: \(path), \(options.contacts) contacts, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())"
        )
        var report = BenchReport()
        try AnalyticsBench(store: store, options: options).run(into: &report)
        say("\npeak memory: \(String(format: "%.0f", Measure.peakMemoryMiB())) MiB")
    }
}

/// Command-line options of crm-bench.
struct BenchOptions {
    static let usage =
        "--contacts N [--sync-changes N] [--import-rows N] [--reads-import-rows N] [--only store,bulk,import,cli,reads,analytics,custom-fields,tui,sync] [--db DB] | --analytics-only DB [--keep] [--output FILE] [--no-wall-clock]"
    var contacts = 1_000_000
    var keep = false
    var output: String?
    var phases: Set<String> = ["store", "bulk", "import", "cli", "reads", "analytics", "custom-fields", "tui", "sync"]
    var importRows = 100_000
    /// Rows of the `--strict` import that the reads phase times `crm` reads against.
    var readsImportRows = 200_000
    var analyticsOnly: String?
    /// An existing bench database (`--db PATH`, kept with `--keep`) for phases that only read it, such as tui.
    var database: String?
    var syncChanges = 100_000
    /// Whether the report ends with the wall clock of each phase (not for a phase run as a `ChildPhase`).
    var wallClock = true

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
            case "--no-wall-clock": wallClock = false
            case "--output": output = rest.popFirst()
            case "--analytics-only": analyticsOnly = rest.popFirst()
            case "--db": database = rest.popFirst()
            case "--import-rows":
                guard let value = rest.popFirst().flatMap(Int.init), value >= 1000 else {
                    throw BenchError("--import-rows needs a number of at least 1000")
                }
                importRows = value
            case "--reads-import-rows":
                guard let value = rest.popFirst().flatMap(Int.init), value >= 1000 else {
                    throw BenchError("--reads-import-rows needs a number of at least 1000")
                }
                readsImportRows = value
            case "--only": phases = Set((rest.popFirst() ?? "").split(separator: ",").map(String.init))
            case "--sync-changes":
                guard let value = rest.popFirst().flatMap(Int.init), value >= 1000 else {
                    throw BenchError("--sync-changes needs a number of at least 1000")
                }
                syncChanges = value
            default:
                throw BenchError("unknown argument \(argument); use \(Self.usage)")
            }
        }
        if database != nil, phases.contains("store") {
            throw BenchError("--db reuses a filled database: pick the other phases with --only (e.g. --only tui)")
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
