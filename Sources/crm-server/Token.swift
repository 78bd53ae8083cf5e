// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Foundation

extension CRMServerCommand {
    /// `crm-server token revoke --tenant T --user U [--device D]`.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage session tokens.", subcommands: [Revoke.self])

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke a user's live tokens (all, or one device's); prints how many.")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The tenant's name.") var tenant: String
            @Option(help: "The user's login name.") var user: String
            @Option(help: "Only this device's tokens.") var device: String?

            func run() async throws {
                let store = try await database.openStore()
                guard let record = try await store.tenant(named: tenant) else {
                    throw StoreError.tenantNotFound(tenant)
                }
                guard let userID = try await store.userID(tenantID: record.id, name: user) else {
                    throw StoreError.userNotFound(tenant: tenant, user: user)
                }
                let count = try await store.revokeSessions(
                    tenantID: record.id, userID: userID, deviceID: device?.lowercased(),
                    now: Int64(Date().timeIntervalSince1970 * 1000))
                print(count)
            }
        }
    }
}
