// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

extension CLI {
    /// A device of `user` on `server`, logged in to tenant `acme` with the user's test password.
    ///
    /// Its own database and config folder (for the token file), initialised as `name` (the user
    /// by default); `environment` is set before anything runs (a pinned `CRM_NOW`, `TZ`).
    static func device(
        on server: ServerProcess, user: String, name: String? = nil, environment: [String: String] = [:]
    ) throws -> CLI {
        let cli = try CLI()
        cli.environment["XDG_CONFIG_HOME"] = cli.folder.appendingPathComponent("config").path
        cli.environment.merge(environment) { _, given in given }
        try cli.ok("init", "--user", name ?? user)
        let login = try cli.run(
            "sync", "login", "--server", server.url, "--tenant", "acme", "--user", user, input: "\(user)-secret\n")
        #expect(login.code == 0, "\(login.stderr)")
        return cli
    }
}
