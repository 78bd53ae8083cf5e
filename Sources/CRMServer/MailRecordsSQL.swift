// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// The statements of `LogStore.mailRecords`, one text for both stores but for the index
/// expressions each dialect needs (`Dialect`), with `?` placeholders in argument order.
///
/// Every statement is one indexed lookup: `field_state`'s primary key for a record or a kind,
/// migration 4's partial indexes for a contact's address and an activity's Message-ID, and
/// `devices`' primary key for the clock of the gateway's last change. None reads the log.
struct MailRecordsSQL {
    /// How a dialect matches an address and a Message-ID through its index.
    struct Dialect: Sendable {
        /// `value` against the JSON text of an address (`?`), ignoring the case of ASCII letters.
        var emailMatch: String
        /// `value` against the JSON text of a Message-ID (`?` bound twice where the index needs it).
        var messageMatch: String
        var messageArguments: Int
        /// Migration 4: the indexes the two matches use.
        var indexes: [String]
    }

    /// SQLite: `lower` folds ASCII only, as `COLLATE NOCASE` does on the devices.
    static let sqlite = Dialect(
        emailMatch: "lower(value) = lower(?)", messageMatch: "value = ?", messageArguments: 1,
        indexes: [
            """
            CREATE INDEX field_state_by_email ON field_state (tenant_id, lower(value))
            WHERE entity = 'contact' AND field = 'email'
            """,
            """
            CREATE INDEX field_state_by_message_id ON field_state (tenant_id, value)
            WHERE entity = 'activity' AND field = 'message_id'
            """,
        ])

    /// PostgreSQL: `COLLATE "C"` makes `lower` fold ASCII only, whatever the database's locale,
    /// and the keys are MD5 digests because a B-tree key must fit in a third of a page, and a
    /// Message-ID or an address pushed by a device has no such bound.
    static let postgres = Dialect(
        emailMatch: #"md5(lower(value COLLATE "C")) = md5(lower(? COLLATE "C"))"#,
        messageMatch: "md5(value) = md5(?) AND value = ?", messageArguments: 2,
        indexes: [
            """
            CREATE INDEX field_state_by_email ON field_state (tenant_id, md5(lower(value COLLATE "C")))
            WHERE entity = 'contact' AND field = 'email'
            """,
            """
            CREATE INDEX field_state_by_message_id ON field_state (tenant_id, md5(value))
            WHERE entity = 'activity' AND field = 'message_id'
            """,
        ])

    let dialect: Dialect
    let tenantID: String

    /// The columns of a `StoredRegister`, in the order the stores read them.
    static let columns = "entity, entity_id, field, value, hlc, device_id, seq FROM field_state"

    static let epoch = "SELECT epoch FROM tenants WHERE id = ?"

    /// The clock of the gateway device's last change, kept on its row by every push (migration 7).
    static let deviceHLC = "SELECT last_hlc FROM devices WHERE tenant_id = ? AND id = ?"

    /// The SQL of `lookup` and its arguments.
    func statement(_ lookup: MailRecordsReading.Lookup) -> (sql: String, arguments: [String]) {
        let select = "SELECT \(Self.columns) WHERE tenant_id = ?"
        let activityFields =
            "field IN (" + MailRecordsReading.activityFields.map { "'\($0)'" }.joined(separator: ", ") + ")"
        switch lookup {
        case .contacts(let email):
            return (
                "\(select) AND entity = 'contact' AND field = 'email' AND \(dialect.emailMatch)",
                [tenantID, JSONValue.string(email).jsonText]
            )
        case .activities(let messageID):
            return (
                "\(select) AND entity = 'activity' AND field = 'message_id' AND \(dialect.messageMatch)",
                [tenantID] + Array(repeating: JSONValue.string(messageID).jsonText, count: dialect.messageArguments)
            )
        case .activity(let id):
            return ("\(select) AND entity = 'activity' AND entity_id = ? AND \(activityFields)", [tenantID, id])
        case .record(let entity, let id):
            return ("\(select) AND entity = ? AND entity_id = ?", [tenantID, entity, id])
        case .kind(let entity):
            return ("\(select) AND entity = ?", [tenantID, entity])
        }
    }

    /// `sql` with PostgreSQL's numbered placeholders (`$1`, `$2`, …) for its `?`s.
    static func numbered(_ sql: String) -> String {
        var out = ""
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }
}
