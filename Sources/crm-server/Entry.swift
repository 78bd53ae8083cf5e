// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer

/// The process entry: sets SQLite's process-wide options (`SQLiteProcessConfiguration`) before
/// any connection opens and picks the executor for Swift's tasks (`ConcurrencyExecutor`) before
/// any task exists, then runs the command line.
@main
enum Entry {
    static func main() async {
        SQLiteProcessConfiguration.apply()
        ConcurrencyExecutor.installWhenServing(arguments: Array(CommandLine.arguments.dropFirst()))
        await CRMServerCommand.main()
    }
}
