// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import CRMSync
import Foundation
import HummingbirdTesting
import Testing

/// `GET /metrics`: Prometheus text with requests by route and status, latency, changes in and out,
/// and the pulls the store's tail answered.
@Suite struct MetricsRouteTests {
    @Test func metricsCountRequestsByRouteAndStatusAndChangesPushedAndPulled() async throws {
        let server = try await TestServer.make()
        defer { server.cleanUp() }
        try await server.app().test(.router) { client in
            let device = try await client.login()
            let changes = (1...3).map { device.change(entityID: newID(), seq: $0) }
            #expect(try await client.push(device, device.push(changes)).status == .ok)
            _ = try await client.pullAll(device)
            _ = try await client.pull(device, after: 99)
            _ = try await client.execute(uri: "/nowhere", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            for line in [
                #"crm_http_requests_total{method="POST",route="/v1/session",status="200"} 1"#,
                #"crm_http_requests_total{method="POST",route="/v1/changes",status="200"} 1"#,
                #"crm_http_requests_total{method="GET",route="/v1/changes",status="200"} 1"#,
                #"crm_http_requests_total{method="GET",route="/v1/changes",status="409"} 1"#,
                #"crm_http_requests_total{method="GET",route="NotFound",status="404"} 1"#,
                #"crm_http_request_duration_seconds_count{method="POST",route="/v1/changes",status="200"} 1"#,
                "crm_changes_pushed_total 3", "crm_changes_pulled_total 3",
                #"crm_push_bodies_total{encoding="identity"} 1"#, #"crm_push_bodies_total{encoding="gzip"} 0"#,
                // The pull found the push's rows in the tail; the one past the head never asked it.
                #"crm_pull_tail_reads_total{result="hit"} 1"#, #"crm_pull_tail_reads_total{result="miss"} 0"#,
            ] {
                #expect(text.contains(line), "missing \(line) in:\n\(text)")
            }
        }
    }
}
