// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import Foundation

extension CRMServerCommand {
    /// `crm-server tenant add NAME`.
    struct Tenant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage tenants.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a tenant; prints its id.")

            @OptionGroup var database: DatabaseOptions
            @Argument(help: "The tenant's name, used at login.") var name: String

            func validate() throws {
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ValidationError("tenant name must not be empty")
                }
            }

            func run() async throws {
                let store = try await database.openStore()
                let tenant = try await store.addTenant(name: name, now: Int64(Date().timeIntervalSince1970 * 1000))
                print(tenant.id)
            }
        }
    }
}
