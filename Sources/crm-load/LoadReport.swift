// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// The printed result of a run: latencies, throughput, errors, and the verification.
///
/// Plain `key: value` lines so `make bench-server` output can be pasted into Docs/BENCHMARKS.md
/// and grepped by scripts (`verification: passed`).
struct LoadReport {
    let plan: LoadPlan
    let outcome: LoadRun.Outcome

    var lines: [String] {
        let stats = outcome.stats
        var lines = [
            "clients: \(plan.clients) (\(outcome.loggedIn) logged in) in \(plan.tenants) tenant(s), "
                + "sync every \(format(plan.interval)) s for \(format(plan.duration)) s, "
                + "\(plan.edits.lowerBound)-\(plan.edits.upperBound) edits per push"
                + (plan.gzip ? ", gzip bodies" : ", plain bodies")
                + (plan.floor ? "; floor: GET /healthz in place of each pull and push, nothing synced" : ""),
            "login phase: \(format(outcome.loginSeconds)) s; sync phase: \(format(outcome.syncSeconds)) s",
        ]
        for operation in LoadStats.Operation.allCases {
            lines.append(
                operation.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + stats.summary(operation).line)
        }
        let seconds = max(outcome.syncSeconds, 0.001)
        let requests = stats.count(.pull) + stats.count(.push)
        lines.append(
            String(
                format: "throughput: %.1f requests/s (pull+push), %.1f changes/s pushed, %.1f changes/s pulled",
                Double(requests) / seconds, Double(stats.pushedChanges) / seconds,
                Double(stats.pulledChanges) / seconds))
        for operation in [LoadStats.Operation.pull, .push] {
            lines.append(bytesLine(operation, stats.bytes(operation), count: stats.count(operation)))
        }
        lines.append(
            String(
                format: "crm-load CPU in the sync phase: %.2f s, %.3f ms per request (pull+push)",
                outcome.syncCPUSeconds, outcome.syncCPUSeconds * 1000 / Double(max(requests, 1))))
        lines.append("errors: \(stats.errorCount)")
        for error in stats.errors { lines.append("  \(error.key): \(error.count) (first: \(error.example))") }
        lines.append(contentsOf: verificationLines)
        return lines
    }

    private var verificationLines: [String] {
        let checks = outcome.checks
        let sum = { (value: (LogVerifier.TenantCheck) -> Int) in checks.reduce(0) { $0 + value($1) } }
        let acknowledged = checks.reduce(UInt64(0)) { $0 &+ $1.acknowledgedChecksum }
        let logged = checks.reduce(UInt64(0)) { $0 &+ $1.loggedChecksum }
        var lines = [
            "acknowledged changes: \(sum(\.acknowledged)); in the log: \(sum(\.logged)) "
                + "(+\(sum(\.conflicts)) conflict records); verified in \(format(outcome.verifySeconds)) s",
            "missing: \(sum(\.missing)), duplicated: \(sum(\.duplicated)), unexpected: \(sum(\.unexpected)), "
                + "stored without acknowledgement (answer lost): \(sum(\.storedUnacknowledged))",
            String(format: "checksum over change ids: acknowledged %016llx, log %016llx", acknowledged, logged),
        ]
        for check in checks where !check.digests.isEmpty {
            lines.append(
                "fresh devices of \(check.tenant): state digests \(check.digests.joined(separator: " ")) "
                    + (Set(check.digests).count == 1 ? "(identical)" : "(DIFFERENT)"))
        }
        let failed = checks.filter { !$0.passed }.map(\.tenant)
        lines.append(
            outcome.verified
                ? "verification: passed" : "verification: FAILED in \(failed.prefix(10).joined(separator: ", "))")
        return lines
    }

    /// Bytes per answered request on the socket, heads and bodies: what a policy such as
    /// `CompressionPolicy` trades against CPU.
    private func bytesLine(_ operation: LoadStats.Operation, _ bytes: LoadStats.WireBytes, count: Int) -> String {
        let requests = Double(max(count, 1))
        return "bytes per \(operation.rawValue): "
            + String(
                format: "sent %.0f (body %.0f, %d gzip and %d zstd of %d), received %.0f (body %.0f, %d gzip, %d zstd)",
                Double(bytes.sent) / requests, Double(bytes.sentBodies) / requests, bytes.gzipSent, bytes.zstdSent,
                count,
                Double(bytes.received) / requests, Double(bytes.receivedBodies) / requests, bytes.gzipReceived,
                bytes.zstdReceived)
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
