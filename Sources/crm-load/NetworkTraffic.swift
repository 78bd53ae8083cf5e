// crm — a terminal-first CRM. Licensed under the MIT License.

/// The bytes and requests of one way of syncing the day.
struct NetworkTraffic: Sendable {
    /// Bytes the devices' sockets wrote and read (request line, headers and body each way).
    var client = (sent: 0, received: 0)
    /// The same bytes as the relay in front of the server passed them on.
    var relay = (sent: 0, received: 0)
    /// The bodies among them, as sent (gzip-compressed where negotiated); the rest is request
    /// lines, status lines and headers.
    var bodies = (sent: 0, received: 0)
    var pushes = 0
    var pulls = 0
    var changesPushed = 0
    var changesPulled = 0
    var puts = 0
    var gets = 0

    var total: Int { client.sent + client.received }
    /// Request and status lines plus headers, both ways.
    var heads: Int { total - bodies.sent - bodies.received }
    var requests: Int { pushes + pulls + puts + gets }

    /// Whether the client's count and the relay's count agree to the byte, both ways.
    var countsAgree: Bool { client.sent == relay.sent && client.received == relay.received }
}

/// The network bench's result: the synced day against the legacy way, plain and gzip.
struct NetworkOutcome: Sendable {
    var plan: NetworkPlan
    var sync = NetworkTraffic()
    var legacy = NetworkTraffic()
    var legacyGzip = NetworkTraffic()
    /// Custom-field definitions the records need.
    var definitions = 0
    /// Each record's whole JSON as the legacy endpoint serves it, after the day's edits.
    var recordBytes: [Int] = []

    /// 1 − synced bytes ÷ legacy bytes.
    var reduction: Double { legacy.total == 0 ? 0 : 1 - Double(sync.total) / Double(legacy.total) }
    var reductionAgainstGzip: Double {
        legacyGzip.total == 0 ? 0 : 1 - Double(sync.total) / Double(legacyGzip.total)
    }

    /// The report, one figure a line.
    var lines: [String] {
        let records = plan.devices * plan.records
        let average = recordBytes.isEmpty ? 0 : recordBytes.reduce(0, +) / recordBytes.count
        return [
            "network: \(plan.devices) devices, \(records) records (contacts \(records - records / 2), deals "
                + "\(records / 2)), \(definitions) custom fields, \(plan.fields.lowerBound)-\(plan.fields.upperBound) "
                + "fields edited per record, a sync after every \(plan.syncEvery) record(s)",
            "network: a record's whole JSON averages \(average) bytes",
            line("synced (gzip both ways)", sync)
                + ", \(sync.pushes) pushes of \(sync.changesPushed) changes, \(sync.pulls) pulls of "
                + "\(sync.changesPulled) changes",
            line("legacy, plain JSON", legacy) + ", \(legacy.puts) PUTs, \(legacy.gets) GETs",
            line("legacy, gzip", legacyGzip) + ", \(legacyGzip.puts) PUTs, \(legacyGzip.gets) GETs",
            String(
                format: "network: synced per change: %.1f bytes of pull body per pulled change, %.1f of push body "
                    + "per pushed change, %.0f bytes of request and status lines and headers per request",
                Double(sync.bodies.received) / Double(max(sync.changesPulled, 1)),
                Double(sync.bodies.sent) / Double(max(sync.changesPushed, 1)),
                Double(sync.heads) / Double(max(sync.requests, 1))),
            String(
                format: "network: reduction %.2f%% against legacy plain JSON (target %g%%), %.2f%% against legacy gzip",
                reduction * 100, plan.target, reductionAgainstGzip * 100),
            "network: client and relay counts agree: "
                + ([sync, legacy, legacyGzip].allSatisfy(\.countsAgree) ? "yes" : "NO"),
        ]
    }

    private func line(_ name: String, _ traffic: NetworkTraffic) -> String {
        "network: \(name): \(traffic.total) bytes (sent \(traffic.client.sent), received \(traffic.client.received); "
            + "relay \(traffic.relay.sent) / \(traffic.relay.received); headers \(traffic.heads)) in "
            + "\(traffic.requests) requests"
    }
}
