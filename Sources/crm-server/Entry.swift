// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer

/// The process entry: picks the executor for Swift's tasks (`ConcurrencyExecutor`) before any
/// task exists, then runs the command line.
@main
enum Entry {
    static func main() async {
        ConcurrencyExecutor.installWhenServing(arguments: Array(CommandLine.arguments.dropFirst()))
        await CRMServerCommand.main()
    }
}
