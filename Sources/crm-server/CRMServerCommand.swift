// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm-server`: the sync server and its operator commands (run by `Entry`).
struct CRMServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crm-server",
        abstract: "The crm sync server: serve the HTTP API and manage tenants, users and tokens.",
        subcommands: [Serve.self, Tenant.self, User.self, Token.self])
}
