// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import Testing

@testable import crm

/// `CRM.commandsByName`, which `Main.parse` and the did-you-mean check read instead of asking
/// every command for its name, names exactly the commands `crm` has.
@Suite struct CommandTableTests {
    @Test func theTableNamesEveryCommandOfCrmByItsOwnName() {
        let commands = CRM.configuration.subcommands
        #expect(Set(CRM.commandsByName.keys) == Set(commands.map { $0._commandName }))
        for command in commands {
            let listed = CRM.commandsByName[command._commandName].map(ObjectIdentifier.init)
            #expect(listed == ObjectIdentifier(command), "\(command._commandName)")
        }
    }

    /// A command parsed on its own (`Main.parse`) gives the same command as the root parse.
    @Test func aCommandParsedOnItsOwnEqualsTheRootParse() throws {
        let arguments = ["search", "ada", "lovelace", "--limit", "5", "--json"]
        let own = try #require(try Main.parse(arguments) as? Search)
        let root = try #require(try CRM.parseAsRoot(arguments) as? Search)
        #expect(own.words == root.words && own.limit == root.limit && own.words == ["ada", "lovelace"])
        #expect(throws: (any Error).self) { try Main.parse(["search", "--limit", "x", "ada"]) }
    }
}
