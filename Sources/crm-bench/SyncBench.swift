// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMSync
import CRMSyncClient
import Foundation

/// Push and pull rates through a real `crm-server`, and bytes on the wire per edited field.
struct SyncBench {
    let folder: URL
    let changes: Int

    func run(into report: inout BenchReport) async throws {
        let server = try BenchServer(folder: folder)
        defer { server.stop() }
        let environment = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path, "HOME": folder.path]
        let deviceA = try Store.open(path: folder.appendingPathComponent("device-a.sqlite").path)
        try createContacts(deviceA)
        let pending = try deviceA.pendingCount()
        try await SyncClient.login(
            store: deviceA, server: server.url, tenant: "bench", user: "bench", password: "bench-secret",
            caCertificate: nil, environment: environment)
        report.print("\n== sync through crm-server on 127.0.0.1 (SQLite log, \(pending) changes)")
        let push = try await Measure.asyncSeconds {
            _ = try await SyncClient(store: deviceA, environment: environment).syncOnce()
        }
        report.print(
            String(format: "push: %d changes in %.1f s, %.0f changes/s", pending, push, Double(pending) / push))
        let deviceB = try Store.open(path: folder.appendingPathComponent("device-b.sqlite").path)
        try await SyncClient.login(
            store: deviceB, server: server.url, tenant: "bench", user: "bench", password: "bench-secret",
            caCertificate: nil, environment: environment)
        var pulled = 0
        let pull = try await Measure.asyncSeconds {
            pulled = try await SyncClient(store: deviceB, environment: environment).syncOnce().pulled
        }
        report.print(
            String(
                format: "pull: %d changes in %.1f s, %.0f changes/s (merged into a fresh device)", pulled, pull,
                Double(pulled) / pull))
        let same = try deviceA.count(.contact) == deviceB.count(.contact)
        report.print("devices hold the same \(try deviceB.count(.contact)) contacts: \(same)")
        try wireBytes(deviceA, into: &report)
    }

    private func createContacts(_ store: Store) throws {
        var made = 0
        while made < changes {
            let batch = min(5_000, changes - made)
            try store.write { recorder in
                for index in made..<(made + batch) {
                    try recorder.create(
                        .contact, id: .make(),
                        [
                            "name": .text("Sync Person \(index)"), "email": .text("person\(index)@example.com"),
                            "phone": .text("+1 555 \(String(format: "%07d", index))"), "title": .text("Buyer"),
                        ])
                }
            }
            made += batch
        }
    }

    /// One edited field as a `set` change next to sending the whole record, 1,000 of each, gzip as sent.
    private func wireBytes(_ store: Store, into report: inout BenchReport) throws {
        let contacts = try store.contacts(after: nil, limit: 1000)
        let device = try store.deviceID()
        let hlc = HLC(millis: store.nowMillis, counter: 1)
        let edits = contacts.enumerated().map { index, contact in
            WireChange(
                changeID: RecordID.make().rawValue, deviceSeq: Int64(index + 1), txID: Int64(index + 1),
                hlc: hlc.wire(deviceID: device), baseHLC: hlc.wire(deviceID: device), entity: "contact",
                entityID: contact.id.rawValue, op: .set, field: "phone", value: .string("+1 555 999 \(index)"))
        }
        let records = contacts.map { Data(JSONValue.object(Self.wholeRecord($0)).jsonText.utf8) }
        let editJSON = try WireCoding.encoder().encode(
            PushRequest(schemaVersion: 1, epoch: nil, deviceID: device, changes: edits))
        let recordJSON = Data("[".utf8) + records.joined(separator: Data(",".utf8)) + Data("]".utf8)
        let editBytes = Double(try Gzip.compress(editJSON).count) / Double(edits.count)
        let recordBytes = Double(try Gzip.compress(recordJSON).count) / Double(records.count)
        report.print("\n== bytes on the wire per edited field (1,000 edits of one field, gzip, as pushed)")
        report.print(
            String(
                format: "one field as a set change: %.0f B (%.0f B before gzip)", editBytes,
                Double(editJSON.count) / 1000))
        report.print(
            String(
                format: "the whole record (baseline): %.0f B (%.0f B before gzip)", recordBytes,
                Double(recordJSON.count) / 1000))
        report.print(
            String(format: "ratio: %.1f%% of sending the whole record   target: <= 6%%", 100 * editBytes / recordBytes))
    }

    /// The record as a full-record sync would send it: every field of the contact.
    static func wholeRecord(_ contact: Contact) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": contact.id.jsonValue, "name": contact.name.jsonValue, "tags": contact.tags.jsonValue,
            "created_at": contact.createdAt.jsonValue, "updated_at": contact.updatedAt.jsonValue,
        ]
        let optional: [(String, String?)] = [
            ("email", contact.email), ("phone", contact.phone), ("title", contact.title),
            ("company_id", contact.companyID?.rawValue), ("owner_id", contact.ownerID?.rawValue),
            ("notes", contact.notes), ("address", contact.address),
        ]
        for case let (key, value?) in optional { object[key] = .string(value) }
        return object
    }
}
