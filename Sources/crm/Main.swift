// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import Foundation

/// The entry point: parses, runs, and turns every failure into one `crm: error:` line and a sysexits code.
@main
enum Main {
    static func main() async {
        let arguments = hoistGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        if let unknown = CommandSuggestion.unknownCommand(arguments) {
            FileHandle.standardError.write(Data("crm: error: \(unknown)\n".utf8))
            exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parse(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error))
        }
    }

    /// Parses from the subcommand the first word names, and from the root only when that fails.
    ///
    /// ArgumentParser's root parse builds the whole command tree (the configuration of every
    /// command) and reflects over the root's arguments before it looks at the first word: a fifth
    /// of a `crm search` process (Docs/BENCHMARKS.md), which scripts run in loops. Help, version
    /// and completion requests, and any argument list the subcommand refuses, take the root
    /// parse, so usage lines and error messages are the root's own.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if let first = arguments.first, !arguments.contains(where: needsRoot),
            let subcommand = CRM.commandsByName[first],
            let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
        {
            return command
        }
        return try CRM.parseAsRoot(arguments)
    }

    /// Arguments whose answer names the whole command path (help, usage) or the root's version.
    static func needsRoot(_ argument: String) -> Bool {
        ["-h", "--help", "help", "--version", "--experimental-dump-help"].contains(argument)
            || argument.hasPrefix("--generate-completion-script")
    }

    /// Moves `--db PATH` and `--json` written before the subcommand (`crm --db x contact list`)
    /// to after it, where ArgumentParser looks for a subcommand's options.
    static func hoistGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--db", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") || first == "--json" {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        var tail = Array(rest)
        let insertAt = tail.firstIndex(of: "--") ?? tail.count
        tail.insert(contentsOf: leading, at: insertAt)
        return tail
    }

    /// Prints the error the way scripts expect and returns the exit code.
    static func report(_ error: any Error) -> Int32 {
        if let failure = Failure(error) {
            Output.error("crm: error: \(failure.message)\n")
            return failure.code.rawValue
        }
        let code = CRM.exitCode(for: error)
        let message = CRM.fullMessage(for: error)
        if code == .success {
            Output.line(message)
            return 0
        }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.first.map { String($0).replacingOccurrences(of: "Error: ", with: "") } ?? "\(error)"
        var text = "crm: error: \(first)\n"
        if lines.count > 1 { text += lines.dropFirst().joined(separator: "\n") + "\n" }
        Output.error(text)
        return code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue
    }
}
