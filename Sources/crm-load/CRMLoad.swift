// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm-load`: simulated sync clients against crm-server (`run`, the default), their tenants
/// (`setup`) and the bytes a day of field work puts on the wire (`network`).
@main
struct CRMLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crm-load", abstract: "Simulate sync clients against crm-server and verify its log.",
        subcommands: [LoadCommand.self, SetupCommand.self, NetworkCommand.self, LatencyCommand.self],
        defaultSubcommand: LoadCommand.self)
}
