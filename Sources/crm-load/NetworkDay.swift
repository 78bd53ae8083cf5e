// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import Logging
import NIOCore
import NIOPosix

/// What the network bench does: one team's day of field work, synced and then the legacy way.
struct NetworkPlan: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var tenant = "network"
    var user = "load"
    var password = ""
    /// Devices of the team, each its own login, connection and records.
    var devices = 20
    /// Records each device edits in the day.
    var records = 20
    /// Records a device edits between two syncs (1: a sync after each record).
    var syncEvery = 1
    /// Fields edited per record, drawn uniformly.
    var fields: ClosedRange<Int> = 1...5
    /// The directory holding the Salesforce export's `Contact.csv` and `Opportunity.csv`.
    var fixtures = "../shared/fixtures/salesforce-export"
    /// The reduction in percent below which `crm-load network` fails (0: reported, not gated).
    var target: Double = 94
    /// Seeds the choice of fields and values, so two runs edit the same fields.
    var seed: UInt64 = 18
}

/// One team's day of field work, synced and the legacy way, counted byte for byte.
///
/// Every device edits `fields` fields of each of its `records` wide records and
/// syncs after every `syncEvery` of them (push, then pull its team's changes), through a byte-counting relay in front
/// of a real crm-server. Then the same edits the legacy way against `LegacyRecordServer`: each
/// edited record `PUT` whole, and every teammate `GET`s each record edited since its last sync,
/// once plain and once with gzip negotiated. Creating the records and the custom-field
/// definitions, and the logins, come before the day and are not counted.
struct NetworkDay {
    let plan: NetworkPlan
    let records: SalesforceRecords

    /// One record of the team: its kind, id and current values.
    struct TeamRecord {
        var kind: EntityKind
        var id: String
        var values: [String: JSONValue]
    }

    /// One edit of the day: who edited which record, and which fields to what.
    struct Edit {
        var device: Int
        var record: Int
        var values: [(field: String, value: JSONValue)]
        /// Whether the device syncs after this edit (every `syncEvery` records, and after its last).
        var syncs: Bool
    }

    func run() async throws(LoadError) -> NetworkOutcome {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result: Result<NetworkOutcome, LoadError>
        do throws(LoadError) { result = .success(try await run(group: group)) } catch { result = .failure(error) }
        try? await group.shutdownGracefully()
        return try result.get()
    }

    private func run(group: any EventLoopGroup) async throws(LoadError) -> NetworkOutcome {
        let initial = makeTeam()
        var team = initial
        let edits = makeEdits(team: &team)
        var outcome = NetworkOutcome(plan: plan)
        var tokens: [String] = []
        outcome.sync = try await syncDay(team: initial, edits: edits, group: group, tokens: &tokens)
        outcome.definitions = records.definitions.count
        outcome.recordBytes = team.map { Self.legacyJSON($0, records: records).readableBytes }
        for gzip in [false, true] {
            let traffic = try await legacyDay(team: initial, edits: edits, gzip: gzip, tokens: tokens, group: group)
            if gzip { outcome.legacyGzip = traffic } else { outcome.legacy = traffic }
        }
        return outcome
    }

    /// The team's records, contacts and deals alternating, `records` per device, with fresh ids
    /// (a second run against the same tenant creates new records).
    func makeTeam() -> [TeamRecord] {
        (0..<(plan.devices * plan.records)).map { index in
            let kind = index % 2 == 0 ? records.contact : records.deal
            return TeamRecord(
                kind: kind.entity, id: RecordID.make().rawValue, values: records.values(of: kind, index: index / 2))
        }
    }

    /// The day's edits in order: round r, device d edits its record r; `team` ends edited.
    func makeEdits(team: inout [TeamRecord]) -> [Edit] {
        var generator = SplitMix64(seed: plan.seed)
        var edits: [Edit] = []
        for round in 0..<plan.records {
            for device in 0..<plan.devices {
                let index = device * plan.records + round
                let kind = team[index].kind == .contact ? records.contact : records.deal
                let count = Int.random(in: plan.fields, using: &generator)
                let fields = kind.fields.filter { $0 != "external_id" }.shuffled(using: &generator).prefix(count)
                let values = fields.map { ($0, records.newValue(of: kind, field: $0, round: round + device)) }
                for (field, value) in values { team[index].values[field] = value }
                let syncs = (round + 1) % plan.syncEvery == 0 || round == plan.records - 1
                edits.append(Edit(device: device, record: index, values: values, syncs: syncs))
            }
        }
        return edits
    }

    /// The synced day through a relay in front of crm-server; returns the traffic of the day only.
    func syncDay(team: [TeamRecord], edits: [Edit], group: any EventLoopGroup, tokens: inout [String])
        async throws(LoadError) -> NetworkTraffic
    {
        let relay = ByteCountingRelay()
        try await relay.start(to: plan.host, port: plan.port, group: group)
        defer { Task { [relay] in await relay.stop() } }
        let client = ByteCounter()
        let bodies = ByteCounter()
        let devices = try await connect(port: relay.port, counter: client, bodies: bodies, group: group)
        for device in devices { try await device.login(tenant: plan.tenant, user: plan.user, password: plan.password) }
        tokens = devices.map(\.token)
        // The clock each field was last written with, which the editing device has pulled: the base
        // of its next write (`base_hlc`), so an edit is a plain overwrite, not a concurrent one.
        var written = try await seed(team: team, through: devices[0])
        for device in devices { _ = try await device.pull() }
        relay.counter.reset()
        client.reset()
        bodies.reset()
        var traffic = NetworkTraffic()
        var pending = Array(repeating: [WireChange](), count: devices.count)
        for (number, edit) in edits.enumerated() {
            let device = devices[edit.device]
            let tx = device.nextSeq
            let record = team[edit.record]
            pending[edit.device] += edit.values.map { field, value in
                let change = device.change(
                    tx: tx, entity: record.kind, id: record.id, op: .set, field: field, value: value,
                    base: written[record.id + "/" + field] ?? written[record.id])
                written[record.id + "/" + field] = change.hlc
                return change
            }
            guard edit.syncs else { continue }
            try await device.push(pending[edit.device])
            traffic.pushes += 1
            traffic.changesPushed += pending[edit.device].count
            pending[edit.device] = []
            traffic.changesPulled += try await device.pull()
            traffic.pulls += 1
            if number == edits.count - 1 { traffic.changesPulled += try await finalPulls(devices, &traffic) }
        }
        traffic.client = (client.sent, client.received)
        traffic.relay = (relay.counter.sent, relay.counter.received)
        traffic.bodies = (bodies.sent, bodies.received)
        for device in devices { await device.close() }
        return traffic
    }

    /// After the last edit every device pulls once more, so each has all its teammates' edits.
    private func finalPulls(_ devices: [NetworkDevice], _ traffic: inout NetworkTraffic) async throws(LoadError)
        -> Int
    {
        var count = 0
        for device in devices {
            count += try await device.pull()
            traffic.pulls += 1
        }
        return count
    }

    /// Before the day: the custom-field definitions, then every record created whole.
    ///
    /// Returns each record's create clock, by record id.
    private func seed(team: [TeamRecord], through device: NetworkDevice) async throws(LoadError) -> [String: String] {
        var changes = records.definitions.map { definition in
            device.change(
                tx: device.nextSeq, entity: .field, id: RecordID.make().rawValue, op: .create, field: nil,
                value: definition, base: nil)
        }
        try await device.push(changes)
        changes = team.map { record in
            device.change(
                tx: device.nextSeq, entity: record.kind, id: record.id, op: .create, field: nil,
                value: .object(record.values), base: nil)
        }
        try await device.push(changes)
        return Dictionary(uniqueKeysWithValues: changes.map { ($0.entityID, $0.hlc) })
    }

    /// The same edits the legacy way, through a relay in front of a `LegacyRecordServer`.
    ///
    /// Each legacy device sends its synced twin's bearer token, so the headers weigh the same.
    func legacyDay(team: [TeamRecord], edits: [Edit], gzip: Bool, tokens: [String], group: any EventLoopGroup)
        async throws(LoadError) -> NetworkTraffic
    {
        let server = LegacyRecordServer()
        var logger = Logger(label: "crm-load.legacy")
        // Cancelling the server at the end logs its closing channels as errors: not a failure.
        logger.logLevel = .critical
        let port = AsyncStream.makeStream(of: Int.self)
        let app = server.application(logger: logger) { bound in port.continuation.yield(bound) }
        let running = Task { try await app.runService() }
        defer { running.cancel() }
        var ports = port.stream.makeAsyncIterator()
        guard let bound = await ports.next() else { throw .connect("the legacy server did not start") }
        let relay = ByteCountingRelay()
        try await relay.start(to: "127.0.0.1", port: bound, group: group)
        defer { Task { [relay] in await relay.stop() } }
        let client = ByteCounter()
        let bodies = ByteCounter()
        let devices = try await connect(port: relay.port, counter: client, bodies: bodies, group: group)
        for (device, token) in zip(devices, tokens) { device.token = token }
        var current = team
        for record in current { server.records.put(Self.path(record), Self.legacyJSON(record, records: records)) }
        var traffic = try await legacyEdits(edits, team: &current, devices: devices, gzip: gzip)
        traffic.client = (client.sent, client.received)
        traffic.relay = (relay.counter.sent, relay.counter.received)
        traffic.bodies = (bodies.sent, bodies.received)
        for device in devices { await device.close() }
        return traffic
    }

    /// Each edit `PUT`s its record whole at once (a legacy client saves a record as a whole);
    /// where the synced device syncs, it `GET`s every record others edited since its last sync;
    /// after the last edit every device catches up once more.
    private func legacyEdits(_ edits: [Edit], team: inout [TeamRecord], devices: [NetworkDevice], gzip: Bool)
        async throws(LoadError) -> NetworkTraffic
    {
        var traffic = NetworkTraffic()
        var seen = Array(repeating: 0, count: devices.count)
        var log: [(device: Int, record: Int)] = []
        func catchUp(_ device: Int) async throws(LoadError) {
            for entry in log[seen[device]...] where entry.device != device {
                _ = try await devices[device].legacyGet(Self.path(team[entry.record]), gzip: gzip)
                traffic.gets += 1
            }
            seen[device] = log.count
        }
        for edit in edits {
            for (field, value) in edit.values { team[edit.record].values[field] = value }
            let record = team[edit.record]
            try await devices[edit.device].legacyPut(
                Self.path(record), record: Self.legacyJSON(record, records: records), gzip: gzip)
            traffic.puts += 1
            log.append((edit.device, edit.record))
            if edit.syncs { try await catchUp(edit.device) }
        }
        for device in devices.indices { try await catchUp(device) }
        return traffic
    }

    private func connect(port: Int, counter: ByteCounter, bodies: ByteCounter, group: any EventLoopGroup)
        async throws(LoadError) -> [NetworkDevice]
    {
        var devices: [NetworkDevice] = []
        for index in 0..<plan.devices {
            let connection = try await HTTPConnection.connect(
                host: "127.0.0.1", port: port, group: group, timeout: .seconds(30), counter: counter)
            devices.append(NetworkDevice(index: index, connection: connection, bodies: bodies))
        }
        return devices
    }

    static func path(_ record: TeamRecord) -> String { "/legacy/\(record.kind.rawValue)/\(record.id)" }

    /// A record as a legacy REST API answers it: every column of the export by its API name.
    static func legacyJSON(_ record: TeamRecord, records: SalesforceRecords) -> ByteBuffer {
        let kind = record.kind == .contact ? records.contact : records.deal
        var object: [String: JSONValue] = ["id": .string(record.id)]
        for (column, field) in zip(kind.columns, kind.fields) { object[column] = record.values[field] ?? .null }
        let data = (try? WireCoding.encoder().encode(JSONValue.object(object))) ?? Data()
        return ByteBuffer(bytes: data)
    }
}
