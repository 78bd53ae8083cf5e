// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSMTP
import Foundation

/// Where the SMTP configuration is: `--config`, else `CRM_MAIL_CONFIG`, else
/// `$XDG_CONFIG_HOME/crm/mail.conf` (`~/.config/crm/mail.conf`).
enum MailConfigPath {
    static func resolve(_ option: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let option { return option }
        if let path = environment["CRM_MAIL_CONFIG"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        return base + "/crm/mail.conf"
    }

    /// The configuration, or a usage failure naming what is wrong in it.
    static func load(_ option: String?) throws -> SMTPConfiguration {
        do {
            return try SMTPConfiguration.load(path: resolve(option), environment: ProcessInfo.processInfo.environment)
        } catch {
            throw Failure(error.description, code: error == .missing(path: resolve(option)) ? .noInput : .usage)
        }
    }

    /// The Message-ID domain for replies written now: the configuration's, else `crm.localhost`.
    static func messageDomain() -> String {
        (try? SMTPConfiguration.load(path: resolve(nil), environment: ["CRM_SMTP_PASSWORD": "-"]))?.messageDomain
            ?? "crm.localhost"
    }
}
