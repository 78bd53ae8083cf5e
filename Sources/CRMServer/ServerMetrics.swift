// crm — a terminal-first CRM. Licensed under the MIT License.

import Prometheus

/// The server's Prometheus metrics, served as text at `GET /metrics`.
///
/// Request counts and latency histograms by route and status, and the changes pushed (log rows
/// appended, conflict records included) and pulled. One registry per application, so tests
/// and several apps in one process do not mix their numbers.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Latency buckets from 1 ms to 10 s.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]

    public init() {}

    /// Counts one finished request and records how long it took.
    func request(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(
                namespace: "crm", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests by route and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "crm", metricName: "http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency by route and status"),
            labels: labels, buckets: Self.buckets
        ).record(duration)
    }

    /// Counts log rows a push appended.
    func changesPushed(_ count: Int) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "crm", metricName: "changes_pushed", unitName: "total",
                helpText: "log rows appended by pushes")
        ).increment(by: Int64(count))
    }

    /// Counts changes a pull returned.
    func changesPulled(_ count: Int) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "crm", metricName: "changes_pulled", unitName: "total", helpText: "changes returned by pulls"
            )
        ).increment(by: Int64(count))
    }

    /// Everything in the Prometheus text exposition format.
    func text() -> String { registry.emitToString() }
}
