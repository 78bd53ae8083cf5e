// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Foundation
import Logging

/// `crm-load setup --db URL --tenants N`: the tenants and the user a load run logs in as.
///
/// `crm-server tenant add` and `user add` do the same one at a time, a process start and a bcrypt
/// hash each; a run of 24,000 clients in tenants of 20 needs 1,200 of each, so this writes them
/// through the same `LogStore` calls in one process, with one hash at `--cost` (default 4: login
/// is then cheap enough that 24,000 devices can each log in through `POST /v1/session`).
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup", abstract: "Create the load tenants (NAME or NAME-0…) and their user.")

    @Option(help: "The log store: sqlite:PATH or postgres://USER@127.0.0.1:PORT/DATABASE.") var db: String
    @Option(help: "Tenant name (with --tenants N > 1: NAME-0 … NAME-(N-1)).") var tenant = "load"
    @Option(help: "Tenants to create.") var tenants = 1
    @Option(help: "The user to add to each tenant, as manager.") var user = "load"
    @Option(help: "The user's password; default: $CRM_LOAD_PASSWORD.") var password: String?
    @Option(help: "bcrypt cost (4…31).") var cost: UInt8 = 4

    func validate() throws {
        guard tenants > 0 else { throw ValidationError("--tenants must be positive") }
        guard (4...31).contains(cost) else { throw ValidationError("--cost \(cost): expected 4…31") }
        guard secret.count >= 8 else { throw ValidationError("the password must have at least 8 characters") }
        guard db.hasPrefix("sqlite:") || db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") else {
            throw ValidationError("--db \(db): expected sqlite:PATH or postgres://…")
        }
    }

    private var secret: String { password ?? ProcessInfo.processInfo.environment["CRM_LOAD_PASSWORD"] ?? "" }

    func run() async throws {
        var logger = Logger(label: "crm-load.postgres")
        logger.logLevel = .warning
        let store: any LogStore =
            db.hasPrefix("sqlite:")
            ? try SQLiteLogStore(path: String(db.dropFirst("sqlite:".count)))
            : try PostgresLogStore(url: db, maximumConnections: 2, logger: logger)
        try await store.migrate()
        let hash = try await PasswordHasher.hash(secret, cost: cost)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var plan = LoadPlan()
        plan.tenant = tenant
        plan.tenants = tenants
        for index in 0..<tenants {
            let record = try await store.addTenant(name: plan.tenantName(index), now: now)
            _ = try await store.addUser(tenantID: record.id, name: user, role: .manager, passwordHash: hash, now: now)
        }
        print("created \(tenants) tenant(s) with user \(user)")
    }
}
