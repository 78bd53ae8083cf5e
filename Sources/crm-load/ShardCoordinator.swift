// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Runs one load plan as several `crm-load` processes and merges what they report.
///
/// One process holds one descriptor per client, and a process cannot raise its open-file limit
/// past the hard limit (20,000 in the benchmark container, which lacks `CAP_SYS_RESOURCE`), so
/// 24,000 clients need at least two processes. The plan is cut into shards with disjoint tenants
/// (`LoadPlan.shards`); each child logs its clients in, says `ready`, and all start their sync
/// phase together when the coordinator answers `go` to each, so the merged figures describe all
/// clients syncing at once. Each child verifies its own tenants; since no tenant is in two
/// shards, the merged verification is the sum of the parts.
struct ShardCoordinator {
    let plan: LoadPlan
    let processes: Int
    /// The command line every child gets, to which `--processes N --shard K` is appended.
    let childArguments: [String]

    func run(progress: @escaping @Sendable (String) -> Void) async throws(LoadError) -> LoadRun.Outcome {
        let shards = plan.shards(processes)
        let executable = Self.executable()
        var children: [ShardProcess] = []
        for index in shards.indices {
            do {
                children.append(
                    try ShardProcess(
                        index: index, executable: executable,
                        arguments: childArguments + ["--processes", "\(shards.count)", "--shard", "\(index)"]))
            } catch {
                for child in children { child.stop() }
                throw error
            }
        }
        progress(
            "\(shards.count) processes: "
                + shards.enumerated().map { "shard \($0.offset) \($0.element.clients) clients" }.joined(separator: ", ")
        )
        let barrier = ShardBarrier(children: children)
        let results = await withTaskGroup(of: (Int, Result<ShardResult, LoadError>).self) { group in
            for child in children {
                group.addTask { (child.index, await Self.follow(child, barrier: barrier)) }
            }
            var results: [Int: Result<ShardResult, LoadError>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        var parts: [ShardResult] = []
        for index in shards.indices {
            switch results[index] {
            case .success(let part): parts.append(part)
            case .failure(let error): throw .verificationFailed("shard \(index) gave no result: \(error)")
            case nil: throw .verificationFailed("shard \(index) gave no result")
            }
        }
        return ShardResult.merge(parts)
    }

    /// Reads one child's lines until it exits: reports `ready`, keeps the `result`.
    static func follow(_ child: ShardProcess, barrier: ShardBarrier) async -> Result<ShardResult, LoadError> {
        var result: Result<ShardResult, LoadError>?
        var ready = false
        for await line in child.lines {
            if line.hasPrefix("ready ") {
                ready = true
                await barrier.arrive()
            } else if line.hasPrefix(ShardResult.prefix) {
                do { result = .success(try ShardResult.parse(line)) } catch { result = .failure(error) }
            }
        }
        if !ready { await barrier.arrive() }
        let status = await child.exitStatus()
        return result ?? .failure(.verificationFailed("shard \(child.index) exited with status \(status), no result"))
    }

    /// This program's own executable, to start the children with.
    static func executable() -> URL {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: link.path) { return link.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
