// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Prometheus
import Synchronization

/// The server's Prometheus metrics, served as text at `GET /metrics`.
///
/// Request counts and latency histograms by route and status, and the changes pushed (log rows
/// appended, conflict records included) and pulled. One registry per application, so tests
/// and several apps in one process do not mix their numbers.
public final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    /// Latency buckets from 1 ms to 10 s.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]

    /// The counter and histogram of each (method, route, status) seen so far.
    ///
    /// Asking the registry for them builds the metric names and label lists and takes the
    /// registry's lock on every request; they are made once per label set instead.
    private let requestMetrics = Mutex<[RequestLabels: RequestMetrics]>([:])

    private struct RequestLabels: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct RequestMetrics {
        var count: Counter
        var duration: DurationHistogram
    }

    /// Log rows appended by pushes, and changes returned by pulls: made once, like the request
    /// metrics, since every push and pull counts.
    private let pushed: Counter
    private let pulled: Counter
    /// Push bodies read, by `Content-Encoding` (`identity` for a plain one): which coding a
    /// fleet's clients push in, and whether any still send gzip to a server that lists zstd.
    private let pushBodies: [ContentCoding?: Counter]
    /// Client connections against the limit (`ConnectionGate`): read at every scrape.
    let connections = ConnectionGate.Counts()

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        pushed = registry.makeCounter(
            descriptor: .init(
                namespace: "crm", metricName: "changes_pushed", unitName: "total",
                helpText: "log rows appended by pushes"))
        pulled = registry.makeCounter(
            descriptor: .init(
                namespace: "crm", metricName: "changes_pulled", unitName: "total", helpText: "changes returned by pulls"
            ))
        let codings: [ContentCoding?] = [nil] + ContentCoding.allCases
        pushBodies = Dictionary(
            uniqueKeysWithValues: codings.map { coding in
                let counter = registry.makeCounter(
                    descriptor: .init(
                        namespace: "crm", metricName: "push_bodies", unitName: "total",
                        helpText: "push bodies read, by Content-Encoding"),
                    labels: [("encoding", coding?.rawValue ?? "identity")])
                return (coding, counter)
            })
    }

    /// Counts one finished request and records how long it took.
    func request(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestLabels(method: method, route: route, status: status)
        let metrics = requestMetrics.withLock { known in
            if let metrics = known[key] { return metrics }
            let labels = [("method", method), ("route", route), ("status", String(status))]
            let metrics = RequestMetrics(
                count: registry.makeCounter(
                    descriptor: .init(
                        namespace: "crm", metricName: "http_requests", unitName: "total",
                        helpText: "HTTP requests by route and status"),
                    labels: labels),
                duration: registry.makeDurationHistogram(
                    descriptor: .init(
                        namespace: "crm", metricName: "http_request_duration", unitName: "seconds",
                        helpText: "HTTP request latency by route and status"),
                    labels: labels, buckets: Self.buckets))
            known[key] = metrics
            return metrics
        }
        metrics.count.increment()
        metrics.duration.record(duration)
    }

    /// Counts log rows a push appended.
    func changesPushed(_ count: Int) { pushed.increment(by: Int64(count)) }

    /// Counts a push body read in `coding` (nil: plain).
    func pushBody(_ coding: ContentCoding?) { pushBodies[coding]?.increment() }

    /// Counts changes a pull returned.
    func changesPulled(_ count: Int) { pulled.increment(by: Int64(count)) }

    /// Everything in the Prometheus text exposition format, with the process's page-cache
    /// truncates and WAL writes (`SQLiteProcessConfiguration`), which belong to no one
    /// application, the client connections against their limit, and the store's tail reads
    /// (`TenantTail`), which the store counts.
    func text(tail: TenantTail? = nil) -> String {
        let truncates = SQLiteProcessConfiguration.pageCacheTruncates
        let wal = SQLiteProcessConfiguration.walBufferWrites
        var text =
            registry.emitToString()
                + """
                # HELP crm_sqlite_page_cache_truncates_total SQLite page-cache truncates, passed to SQLite's cache or skipped
                # TYPE crm_sqlite_page_cache_truncates_total counter
                crm_sqlite_page_cache_truncates_total{result="passed"} \(truncates.passed)
                crm_sqlite_page_cache_truncates_total{result="skipped"} \(truncates.skipped)
                # HELP crm_sqlite_wal_writes_total SQLite's writes to WAL files gathered in the buffer, and the writes made to the files
                # TYPE crm_sqlite_wal_writes_total counter
                crm_sqlite_wal_writes_total{kind="gathered"} \(wal.taken)
                crm_sqlite_wal_writes_total{kind="written"} \(wal.written)

                """
        let limit = connections.limit.load(ordering: .relaxed)
        if limit > 0 {
            text += """
                # HELP crm_http_connections_open client connections open now
                # TYPE crm_http_connections_open gauge
                crm_http_connections_open \(connections.open.load(ordering: .relaxed))
                # HELP crm_http_connections_limit the most client connections held at once (--max-connections)
                # TYPE crm_http_connections_limit gauge
                crm_http_connections_limit \(limit)
                # HELP crm_http_accept_pauses_total times accepting stopped at the limit, new clients waiting in the listen backlog
                # TYPE crm_http_accept_pauses_total counter
                crm_http_accept_pauses_total \(connections.pauses.load(ordering: .relaxed))

                """
        }
        if let reads = tail?.reads {
            text += """
                # HELP crm_pull_tail_reads_total pull reads answered from the log's in-memory tail (hit) or from the log (miss)
                # TYPE crm_pull_tail_reads_total counter
                crm_pull_tail_reads_total{result="hit"} \(reads.hits)
                crm_pull_tail_reads_total{result="miss"} \(reads.misses)

                """
        }
        return text
    }
}
