// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import CRMSync
import Foundation

extension CRMServerCommand {
    /// `crm-server user add --tenant T --name U --role R` (password on stdin).
    struct User: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage users.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a user; reads the password from stdin and prints the user id.")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The tenant's name.") var tenant: String
            @Option(help: "The user's login name.") var name: String
            @Option(help: "admin, manager, rep or agent.") var role: String
            @Option(help: "bcrypt cost (4…31).") var cost: UInt8 = PasswordHasher.defaultCost

            func validate() throws {
                guard Role(rawValue: role) != nil else {
                    throw ValidationError("--role \(role): expected admin, manager, rep or agent")
                }
                guard (4...31).contains(cost) else { throw ValidationError("--cost \(cost): expected 4…31") }
            }

            func run() async throws {
                let password = readLine(strippingNewline: true) ?? ""
                guard password.count >= 8 else {
                    throw ValidationError("the password on stdin must have at least 8 characters")
                }
                let store = try await database.openStore()
                guard let record = try await store.tenant(named: tenant) else {
                    throw StoreError.tenantNotFound(tenant)
                }
                let hash = try await PasswordHasher.hash(password, cost: cost)
                let user = try await store.addUser(
                    tenantID: record.id, name: name, role: Role(rawValue: role) ?? .rep, passwordHash: hash,
                    now: Int64(Date().timeIntervalSince1970 * 1000))
                print(user.id)
            }
        }
    }
}
