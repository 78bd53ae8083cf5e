// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import CRMStore

/// Exports the store as CSV, vCard 4.0 or a JSON snapshot, reading in keyset pages so memory
/// stays flat whatever the size.
///
/// CSV columns are the schema's field names with references written as names (`company`,
/// `owner_email`, `stage`, `contact_email`), so an exported file imports back with no `--map`.
public struct StoreExporter {
    public let store: Store
    public var pageSize = 1000

    public init(store: Store) { self.store = store }

    /// The CSV header for `kind`.
    public static func csvColumns(_ kind: EntityKind) throws -> [String] {
        switch kind {
        case .contact:
            [
                "id", "name", "email", "phone", "title", "company", "owner_email", "tags", "notes", "address",
                "external_id", "created_at",
            ]
        case .company:
            [
                "id", "name", "domain", "phone", "industry", "address", "owner_email", "tags", "notes", "external_id",
                "created_at",
            ]
        case .deal:
            [
                "id", "title", "amount", "currency", "stage", "company", "contact_email", "owner_email", "close_date",
                "probability", "lost_reason", "tags", "notes", "external_id", "created_at",
            ]
        default: throw ExportError.unsupportedKind(format: "CSV", kind: kind.rawValue)
        }
    }

    /// Writes every live record of `kind` as CSV; returns how many.
    ///
    /// Custom fields follow the schema's columns, headed by their names, so the file imports
    /// back onto the same fields with no `--map`.
    @discardableResult
    public func csv(_ kind: EntityKind, to out: TextSink) throws -> Int {
        let columns = try Self.csvColumns(kind)
        let custom = FieldDefinition.customizable.contains(kind) ? try store.fieldDefinitions(of: kind) : []
        out.write(CSVWriter.line(columns + custom.map(\.name)))
        var values: [Int64: [String: JSONValue]] = [:]
        var through: Int64 = -1
        return try each(kind) { record, names in
            if !custom.isEmpty, record.num > through {
                through = record.num + Int64(pageSize) * 4
                values = try store.customValues(of: kind, nums: record.num...through)
            }
            let extra = custom.map { definition in
                values[record.num]?[definition.key].map { CustomValueRules.display($0, for: definition) } ?? ""
            }
            out.write(CSVWriter.line(columns.map { Self.cell($0, record, names) } + extra))
        }
    }

    /// Writes every live contact as a vCard 4.0 card; returns how many.
    ///
    /// Custom fields travel as `X-CRM-CUSTOM-<KEY>` properties, which an import reads back.
    @discardableResult
    public func vcard(to out: TextSink, version: VCardWriter.Version = .v4) throws -> Int {
        let custom = try store.fieldDefinitions(of: .contact)
        var values: [Int64: [String: JSONValue]] = [:]
        var through: Int64 = -1
        return try each(.contact) { record, names in
            let company = names.company(record.fields["company_id"])
            let owner = names.userEmail(record.fields["owner_id"])
            var card = VCard(contactID: record.id, fields: record.fields, company: company, ownerEmail: owner)
            if !custom.isEmpty, record.num > through {
                through = record.num + Int64(pageSize) * 4
                values = try store.customValues(of: .contact, nums: record.num...through)
            }
            for definition in custom {
                guard let value = values[record.num]?[definition.key],
                    let name = VCard.customExtension(key: definition.key)
                else { continue }
                card.extensions[name] = CustomValueRules.display(value, for: definition)
            }
            out.write(VCardWriter.write(card, version: version))
        }
    }

    static func cell(_ column: String, _ record: StoredRecord, _ names: ReferenceNames) -> String {
        let fields = record.fields
        switch column {
        case "id": return record.id.rawValue
        case "company": return names.company(fields["company_id"]) ?? ""
        case "owner_email": return names.userEmail(fields["owner_id"]) ?? ""
        case "stage": return names.stage(fields["stage_id"]) ?? ""
        case "contact_email": return names.contactEmail(fields["contact_id"]) ?? ""
        case "amount": return fields["amount"]?.plainText ?? ""
        case "currency":
            if case .money(let money)? = fields["amount"] { return money.currency.code }
            return ""
        case "created_at":
            if case .integer(let millis)? = fields["created_at"] { return HLC.isoMillis(millis) }
            return ""
        case "tags":
            if case .tags(let tags)? = fields["tags"] { return tags.joined(separator: ";") }
            return ""
        default: return fields[column]?.plainText ?? ""
        }
    }

    /// Calls `body` for every live record of `kind` in pages, with a name lookup for references.
    func each(_ kind: EntityKind, _ body: (StoredRecord, ReferenceNames) throws -> Void) throws -> Int {
        var after: Int64 = 0
        var count = 0
        while true {
            let page = try store.recordsWithNames(kind, afterNum: after, limit: pageSize)
            guard let last = page.0.last else { return count }
            for record in page.0 { try body(record, page.1) }
            count += page.0.count
            after = last.num
        }
    }
}
