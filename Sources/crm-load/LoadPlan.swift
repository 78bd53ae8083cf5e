// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation

/// What one load run does: where, how many clients, how often, for how long.
///
/// Clients are spread over `tenants` tenants round-robin (client i in tenant i mod tenants), all
/// logging in as `user`: a tenant of a few dozen devices pulls a realistic amount of its
/// colleagues' changes, while one tenant of 24,000 would make every pull return the whole team's
/// traffic. The tenants and the user must exist (`crm-server tenant add`, `user add --cost 4`).
struct LoadPlan: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var clients = 20
    /// Seconds between two syncs of one client; the first starts at a random offset within it.
    var interval: Double = 10
    /// Seconds the sync phase lasts, after every client has logged in.
    var duration: Double = 60
    var tenant = "load"
    var tenants = 1
    var user = "load"
    var password = ""
    /// Edits per push, drawn uniformly.
    var edits: ClosedRange<Int> = 1...5
    /// Seconds a request may take before it counts as a timeout and its connection is closed.
    var requestTimeout: Double = 30
    /// Logins (connect + POST /v1/session) in flight at once while clients start.
    var loginConcurrency = 64
    /// NIO event loops shared by every connection.
    var eventLoops = 1
    /// Tenants whose log is pulled by three fresh devices for the convergence check.
    var convergenceSample = 3
    /// Pull pages a client reads per sync at most (1,000 changes each); the rest waits a round.
    var maxPagesPerSync = 10
    /// Set in a shard (one process of several): the number of this plan's first tenant, so its
    /// tenants are `NAME-firstTenant` … and never overlap another shard's.
    var firstTenant: Int?
    /// Whether a client opens a connection for each sync and closes it afterwards, instead of
    /// keeping one open between syncs (see `Docs/SERVER.md`, Load testing).
    var connectionPerSync = false
    /// Whether requests ask for compressed answers and push gzip bodies, as `crm sync` does.
    var gzip = true
    /// Push bodies of fewer bytes go plain, as `crm sync` sends them (`CompressionPolicy`).
    var gzipMinimum = CompressionPolicy.minimumBytes
    /// The `Accept-Encoding` of every request when `gzip` is on: `crm sync`'s (zstd, then gzip).
    var acceptEncoding = ContentCoding.acceptHeader
    /// Whether each sync sends `GET /healthz` in place of its pull and its push: the same devices,
    /// connections, headers and pacing with no sync work, so the run measures the floor of the
    /// mix's arrival pattern (the framework, a front, the kernel and crm-load itself).
    var floor = false

    /// The name of tenant `index` of this plan.
    func tenantName(_ index: Int) -> String {
        guard let firstTenant else { return tenants == 1 ? tenant : "\(tenant)-\(index)" }
        return "\(tenant)-\(firstTenant + index)"
    }

    /// This plan cut into `count` shards: disjoint tenant ranges, each with its tenants' clients.
    ///
    /// One shard per process: each shard's clients, ledger and verification
    /// concern its own tenants only, so the shards' results simply add up. Client `i` of the
    /// whole plan is in tenant `i mod tenants`, as in one process.
    func shards(_ count: Int) -> [LoadPlan] {
        let count = min(count, tenants)
        return (0..<count).map { shard in
            let first = tenants * shard / count
            let end = tenants * (shard + 1) / count
            var part = self
            part.firstTenant = (firstTenant ?? 0) + first
            part.tenants = end - first
            part.clients = (first..<end).reduce(0) { sum, tenant in
                sum + clients / tenants + (tenant < clients % tenants ? 1 : 0)
            }
            part.convergenceSample = max(0, min(convergenceSample - first, part.tenants))
            return part
        }
    }

    /// Refuses plans that cannot run: non-loopback targets, empty or negative sizes.
    func validate() throws(LoadError) {
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
            throw .invalidPlan("host \(host): crm-load only targets loopback (127.0.0.1)")
        }
        guard clients > 0, tenants > 0, tenants <= clients else {
            throw .invalidPlan("need clients > 0 and 1 <= tenants <= clients (got \(clients), \(tenants))")
        }
        guard interval > 0, duration > 0, requestTimeout > 0 else {
            throw .invalidPlan("interval, duration and timeout must be positive")
        }
        guard edits.lowerBound >= 1, edits.upperBound <= 1000 else {
            throw .invalidPlan("edits per push must lie within 1…1000")
        }
        guard loginConcurrency > 0, eventLoops > 0, maxPagesPerSync > 0 else {
            throw .invalidPlan("login concurrency, event loops and pages per sync must be positive")
        }
        guard password.count >= 8 else { throw .invalidPlan("the password must have at least 8 characters") }
    }
}
