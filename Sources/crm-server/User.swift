// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import CRMSync
import Foundation

extension CRMServerCommand {
    /// `crm-server user add | list | rename | role | email | passwd | deactivate | activate`.
    ///
    /// The server is the authority for a tenant's people: every device receives this directory
    /// when it syncs (`crm team list` there).
    struct User: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage a tenant's users: the team directory every device receives.",
            subcommands: [
                Add.self, List.self, Rename.self, SetRole.self, SetEmail.self, Passwd.self, Deactivate.self,
                Activate.self,
            ])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a user; reads the password from stdin and prints the user id.",
                discussion: """
                    Example:
                      echo 'long-secret' | crm-server user add --tenant acme --name ana --role rep --email ana@acme.example
                    """)

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The tenant's name.") var tenant: String
            @Option(help: "The user's login name, also the name teammates see.") var name: String
            @Option(help: "admin, manager, rep or agent.") var role: String
            @Option(help: "The user's email address (teammates can assign work by it).") var email: String?
            @Option(help: "bcrypt cost (4…31).") var cost: UInt8 = PasswordHasher.defaultCost

            func validate() throws {
                _ = try UserArguments.role(role)
                try UserArguments.check(name: name)
                try UserArguments.check(email: email)
                guard (4...31).contains(cost) else { throw ValidationError("--cost \(cost): expected 4…31") }
            }

            func run() async throws {
                let password = try UserArguments.password()
                let store = try await database.openStore()
                let tenantID = try await UserArguments.tenantID(tenant, in: store)
                let hash = try await PasswordHasher.hash(password, cost: cost)
                let user = try await store.addUser(
                    tenantID: tenantID, name: name, email: email, role: try UserArguments.role(role),
                    passwordHash: hash, now: UserArguments.now())
                print(user.id)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a tenant's users, active or not.")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The tenant's name.") var tenant: String
            @Flag(help: "JSON output: an array of {id, name, email, role, active}.") var json = false

            func run() async throws {
                let store = try await database.openStore()
                let members = try await store.team(tenantID: try await UserArguments.tenantID(tenant, in: store))
                if json {
                    let data = try WireCoding.encoder().encode(members)
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                for member in members {
                    let state = member.active ? "active" : "deactivated"
                    print(
                        [member.name, member.role.rawValue, member.email ?? "-", state, member.id].joined(
                            separator: "\t"))
                }
            }
        }
    }
}

/// Parsing and look-ups the user subcommands share.
enum UserArguments {
    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text.lowercased()) else {
            throw ValidationError("role '\(text)': expected admin, manager, rep or agent")
        }
        return role
    }

    static func check(name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed == name, name.count <= 200 else {
            throw ValidationError("--name '\(name)': expected 1 to 200 characters without leading or trailing spaces")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError("--name must not contain control characters")
        }
    }

    static func check(email: String?) throws {
        guard let email else { return }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(" ") else {
            throw ValidationError("--email '\(email)' is not an email address like ana@example.com")
        }
    }

    /// The password on stdin: at least 8 characters.
    static func password() throws -> String {
        let password = readLine(strippingNewline: true) ?? ""
        guard password.count >= 8 else {
            throw ValidationError("the password on stdin must have at least 8 characters")
        }
        return password
    }

    static func tenantID(_ name: String, in store: any LogStore) async throws -> String {
        guard let record = try await store.tenant(named: name) else { throw StoreError.tenantNotFound(name) }
        return record.id
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
