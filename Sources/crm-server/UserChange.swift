// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMServer
import CRMSync

/// `--db`, `--tenant` and the user's login name: what every change of one user names.
struct UserTarget: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The tenant's name.") var tenant: String
    @Argument(help: "The user's login name.") var name: String

    /// Applies `update` and prints the user as the directory now shows them.
    func apply(_ update: UserUpdate) async throws {
        let store = try await database.openStore()
        let tenantID = try await UserArguments.tenantID(tenant, in: store)
        let member = try await store.updateUser(tenantID: tenantID, name: name, update, now: UserArguments.now())
        let state = member.active ? "active" : "deactivated"
        print("\(member.name) (\(member.role.rawValue), \(member.email ?? "no email"), \(state))")
    }
}

extension CRMServerCommand.User {
    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a user; every device shows the new name after its next sync.")
        @OptionGroup var target: UserTarget
        @Argument(help: "The new login name.") var newName: String

        func validate() throws { try UserArguments.check(name: newName) }
        func run() async throws { try await target.apply(.rename(newName)) }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Change a user's role; their devices log in again to take it up.")
        @OptionGroup var target: UserTarget
        @Argument(help: "admin, manager, rep or agent.") var role: String

        func validate() throws { _ = try UserArguments.role(role) }
        func run() async throws { try await target.apply(.role(try UserArguments.role(role))) }
    }

    struct SetEmail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "email", abstract: "Set a user's email address ('-' removes it).")
        @OptionGroup var target: UserTarget
        @Argument(help: "The address, or '-'.") var email: String

        func validate() throws { try UserArguments.check(email: email == "-" ? nil : email) }
        func run() async throws { try await target.apply(.email(email == "-" ? nil : email)) }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password from stdin; their devices log in again.")
        @OptionGroup var target: UserTarget
        @Option(help: "bcrypt cost (4…31).") var cost: UInt8 = PasswordHasher.defaultCost

        func run() async throws {
            let hash = try await PasswordHasher.hash(try UserArguments.password(), cost: cost)
            try await target.apply(.passwordHash(hash))
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a user: their tokens stop at once and no new work can be assigned to them.",
            discussion: "Their records keep them as owner; `activate` undoes this.")
        @OptionGroup var target: UserTarget

        func run() async throws { try await target.apply(.deactivate) }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a deactivated user active again.")
        @OptionGroup var target: UserTarget

        func run() async throws { try await target.apply(.activate) }
    }
}
