// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import CRMCore
import CRMStore

/// `crm init`: creates the database and names the user this device acts as.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the database and set who you are."
    ).underCRM

    @OptionGroup var global: GlobalOptions

    @Option(help: "Your name, as owner of the records you create.")
    var user: String?

    @Option(help: "Your email.")
    var email: String?

    func run() throws {
        let store = try global.openStore(allowEmpty: true)
        var inputs = Inputs(.user)
        try inputs.set("email", email)
        if let user {
            try inputs.set("name", user)
            try store.setUpCurrentUser(inputs.fields)
        }
        let current = try store.currentUser()
        if global.json {
            Output.json([
                "path": store.path.jsonValue, "user": (current?.name).jsonValue, "user_id": (current?.id).jsonValue,
            ])
        } else {
            Output.line("Database ready at \(store.path)" + (current.map { " for \($0.name)" } ?? ""))
        }
    }
}
