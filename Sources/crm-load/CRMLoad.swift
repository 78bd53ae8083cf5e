// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

/// `crm-load`: simulated sync clients against crm-server (`run`, the default) and their tenants (`setup`).
@main
struct CRMLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crm-load", abstract: "Simulate sync clients against crm-server and verify its log.",
        subcommands: [LoadCommand.self, SetupCommand.self], defaultSubcommand: LoadCommand.self)
}
