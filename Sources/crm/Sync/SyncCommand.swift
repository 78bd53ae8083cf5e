// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore
import CRMSyncClient
import Foundation

/// `crm sync`: exchange changes with the team's server.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Push local changes to the team server and pull the team's.",
        subcommands: [Now.self, Login.self, Status.self, Conflicts.self, Refused.self, Logout.self],
        defaultSubcommand: Now.self
    ).underCRM

    struct Now: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "now",
            abstract: "Sync now (the default): once with --once, else every --interval seconds until stopped.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Sync once and exit.") var once = false
        @Option(help: "Seconds between syncs when running continuously.") var interval = 10

        func run() async throws {
            let store = try global.openStore()
            if once {
                let report = try await SyncFailure.map { try await SyncClient(store: store).syncOnce() }
                try Self.print(report, json: global.json)
                return
            }
            var backoff = Backoff()
            while true {
                do {
                    let report = try await SyncClient(store: store).syncOnce()
                    try Self.print(report, json: global.json)
                    backoff.reset()
                    try await Task.sleep(for: .seconds(Backoff.jittered(Double(interval))))
                } catch let error as SyncError where error.isRetryable {
                    let delay = backoff.next()
                    Output.error("crm: sync: \(error); retrying in \(Backoff.describe(delay))\n")
                    try await Task.sleep(for: .seconds(delay))
                } catch {
                    throw SyncFailure.wrap(error)
                }
            }
        }

        static func print(_ report: SyncClient.Report, json: Bool) throws {
            if json {
                Output.json([
                    "pushed": report.pushed.jsonValue, "pulled": report.pulled.jsonValue,
                    "applied": report.applied.jsonValue, "conflicts": report.conflicts.jsonValue,
                    "refused": report.refused.jsonValue,
                ])
            } else {
                Output.line(
                    "pushed \(report.pushed), pulled \(report.pulled) (\(report.applied) applied), \(report.conflicts) new conflicts"
                        + (report.refused > 0 ? ", \(report.refused) refused (crm sync refused)" : ""))
            }
        }
    }

    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract: "Link this database to a server; the password is read from the terminal, or stdin when piped.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Server URL, e.g. https://crm.example.com or http://127.0.0.1:8080.") var server: String
        @Option(help: "Tenant (team) name.") var tenant: String
        @Option(help: "Your user name on the server.") var user: String
        @Option(help: "A PEM file of the CA that signed the server's certificate.") var caCert: String?

        func run() async throws {
            if let caCert, !FileManager.default.fileExists(atPath: caCert) {
                throw Failure("CA certificate file '\(caCert)' does not exist", code: .noInput)
            }
            let password = try PasswordPrompt.read(prompt: "Password for \(user)@\(tenant): ")
            let store = try global.openStore()
            let session = try await SyncFailure.map {
                try await SyncClient.login(
                    store: store, server: server, tenant: tenant, user: user, password: password, caCertificate: caCert)
            }
            if global.json {
                Output.json([
                    "server": server.jsonValue, "tenant": tenant.jsonValue, "user": user.jsonValue,
                    "role": session.role.rawValue.jsonValue,
                ])
            } else {
                Output.line("Logged in to \(server) as \(user) (\(session.role.rawValue)) in \(tenant)")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Show pending changes, last sync and the server.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let setting = { (key: String) in try store.syncSetting(key) }
            let lastSync = try setting("last_sync").flatMap { Int64($0) }
            let status: JSONValue = [
                "server": try setting("server").jsonValue, "tenant": try setting("tenant").jsonValue,
                "user": try setting("user").jsonValue, "device_id": try store.deviceID().jsonValue,
                "pending": try store.pendingCount().jsonValue, "last_sync": Clock.iso(lastSync),
                "last_error": try setting("last_error").jsonValue,
                "cursor": (Int64(try setting("cursor") ?? "0") ?? 0).jsonValue,
                "conflicts": try store.conflicts().count.jsonValue, "refused": try store.refusalCount().jsonValue,
                "role": try setting("role").jsonValue,
                "logged_in": (TokenFile(deviceID: try store.deviceID()).load() != nil).jsonValue,
            ]
            if global.json { return Output.json(status) }
            guard let server = try setting("server") else {
                return Output.line(
                    "Not linked to a server (offline only). \(try store.pendingCount()) changes recorded locally.")
            }
            Output.fields([
                ("server", server), ("tenant", try setting("tenant")), ("user", try setting("user")),
                ("pending", "\(try store.pendingCount()) changes"),
                ("last sync", lastSync.map { Clock.local($0) } ?? "never"),
                ("last error", try setting("last_error")), ("conflicts", "\(try store.conflicts().count)"),
                ("refused", "\(try store.refusalCount())"),
            ])
        }
    }

    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts",
            abstract: "List conflicts: which value won, which lost, who and when.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let conflicts = try store.conflicts()
            if global.json {
                return Output.json(
                    conflicts.map { conflict -> JSONValue in
                        [
                            "seq": conflict.seq.jsonValue, "kind": conflict.kind.jsonValue,
                            "entity": conflict.entity.jsonValue, "entity_id": conflict.entityID.jsonValue,
                            "field": conflict.field.jsonValue,
                            "winner": [
                                "value": (conflict.winnerValue ?? "null").jsonValue,
                                "hlc": conflict.winnerHLC.jsonValue,
                                "device_id": conflict.winnerDevice.jsonValue,
                            ],
                            "loser": [
                                "value": (conflict.loserValue ?? "null").jsonValue, "hlc": conflict.loserHLC.jsonValue,
                                "device_id": conflict.loserDevice.jsonValue, "user_id": conflict.loserUser.jsonValue,
                            ],
                        ]
                    })
            }
            if conflicts.isEmpty { return Output.line("No conflicts.") }
            Output.table(
                ["SEQ", "KIND", "RECORD", "FIELD", "KEPT", "LOST"],
                conflicts.map {
                    [
                        "\($0.seq)", $0.kind, "\($0.entity) \($0.entityID.prefix(8))", $0.field, $0.winnerValue ?? "",
                        $0.loserValue ?? "",
                    ]
                })
        }
    }

    struct Logout: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logout",
            abstract: "Forget the session token; local data and pending changes stay.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            TokenFile(deviceID: try store.deviceID()).remove()
            Output.line("Logged out; \(try store.pendingCount()) changes stay pending.")
        }
    }
}
