// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser

extension CommandConfiguration {
    /// The configuration of a command under `crm`, parsed on its own by `Main.parse`.
    ///
    /// Named as a command of `crm` (ArgumentParser's "super command", read only when this
    /// command is the root of a parse), so a usage line printed from it says `crm search`, and
    /// so ArgumentParser skips its check for a completion-script request, which reflects over
    /// the command's arguments a second time: 8% of a `crm search` process. Completion scripts
    /// are asked of `crm` itself, which `Main.parse` hands to the root parse.
    var underCRM: CommandConfiguration {
        var configuration = self
        configuration._superCommandName = "crm"
        return configuration
    }
}
