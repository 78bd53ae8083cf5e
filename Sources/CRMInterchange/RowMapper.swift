// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Turns CSV records into `ImportRow`s of typed, normalised fields, or a `RowIssue` naming the
/// line, the column and what is wrong.
///
/// Pure and per row, so a bad row never stops the good ones (the default mode imports them and
/// reports the rest; `--strict` refuses the file when any row has an issue).
public struct RowMapper: Sendable {
    public let mapping: ColumnMapping
    public var dates: DateParser
    public var defaultCurrency: String
    public var stages: StageMapper
    /// Seconds east of UTC of the importing user's zone, for dates without a time.
    public var timeZoneOffsetSeconds = 0

    public init(
        mapping: ColumnMapping, dates: DateParser = DateParser(), defaultCurrency: String = "USD",
        stages: StageMapper = StageMapper()
    ) {
        self.mapping = mapping
        self.dates = dates
        self.defaultCurrency = defaultCurrency
        self.stages = stages
    }

    /// The namespace of the stable ids this import gives records with a source id.
    public var namespace: String { ImportPreset.namespace(kind: mapping.kind, preset: mapping.preset) }

    /// Maps one record.
    public func map(_ record: CSVRecord) -> Result<ImportRow, RowIssue> {
        if let issue = raggedIssue(record) { return .failure(issue) }
        let cells = Cells(mapping: mapping, record: record)
        do {
            var fields: [String: FieldValue] = [:]
            try mapCommon(cells, into: &fields)
            switch mapping.kind {
            case .contact: try mapContact(cells, into: &fields)
            case .company: try mapCompany(cells, into: &fields)
            case .deal: try mapDeal(cells, into: &fields)
            case .user: try mapPerson(cells, into: &fields)
            case .supportCase: try mapCase(cells, into: &fields)
            case .activity: try mapActivity(cells, into: &fields)
            case .stageChange: try mapStageHistory(cells, into: &fields)
            default: break
            }
            for target in mapping.columns.keys where target.hasPrefix(FieldDefinition.prefix) {
                if let value = cells[target] { fields[target] = .text(value) }
            }
            if mapping.kind == .activity && fields["external_id"] == nil {
                return .success(ImportRow(kind: .activity, line: record.line, fields: fields, id: contentID(fields)))
            }
            return .success(ImportRow(kind: mapping.kind, line: record.line, fields: fields, namespace: namespace))
        } catch {
            return .failure(RowIssue(line: record.line, reason: error.message))
        }
    }

    /// The id of an activity whose file gives it no source id, made of everything the row says.
    ///
    /// Pipedrive's activities export and a generic calls file carry no id: this one lets importing
    /// the same file again find the activities it made instead of adding them twice. An activity
    /// changed in the source since comes in as a new one.
    func contentID(_ fields: [String: FieldValue]) -> RecordID {
        let content = fields.keys.sorted().map { "\($0)=\(fields[$0]?.plainText ?? "")" }.joined(separator: "\u{1F}")
        return RecordID.stable(namespace: namespace + ":content", name: content)
    }

    /// A row with more non-empty cells than the header has columns is shifted by an unquoted delimiter.
    func raggedIssue(_ record: CSVRecord) -> RowIssue? {
        guard record.fields.count > mapping.headers.count else { return nil }
        let extra = record.fields[mapping.headers.count...].filter { !$0.isEmpty }
        guard !extra.isEmpty else { return nil }
        return RowIssue(
            line: record.line,
            reason: "\(record.fields.count) fields but the header has \(mapping.headers.count) "
                + "(extra: \(extra.prefix(3).map { "'\($0)'" }.joined(separator: ", "))); quote values that contain the delimiter"
        )
    }

    private func mapCommon(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        for name in ["external_id", "notes", "company", "company_external_id", "owner_external_id", "lost_reason"] {
            if let value = cells[name] { fields[name] = .text(firstOfList(value, name: name)) }
        }
        if let owner = cells["owner"] {
            fields[owner.contains("@") ? ImportRow.Reference.ownerEmail : ImportRow.Reference.ownerName] =
                .text(owner.contains("@") ? owner.lowercased() : owner)
        }
        if let tags = cells["tags"] { fields["tags"] = .tags(Self.tags(tags)) }
        if let created = cells["created_at"] {
            fields["created_at"] = try dates.timestamp(created).get(in: cells, "created_at")
        }
        if let address = cells["address"] ?? joinedAddress(cells) { fields["address"] = .text(address) }
    }

    /// Association columns hold `;`-separated id lists; the first id is the primary link.
    private func firstOfList(_ value: String, name: String) -> String {
        guard name.hasSuffix("external_id") && name != "external_id" else { return value }
        return value.split(separator: ";").first.map { $0.trimmed() } ?? value
    }

    private func mapContact(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        try mapPerson(cells, into: &fields)
        if let phone = cells["phone"] {
            fields["phone"] = .text(try ContactValues.phone(phone).get(in: cells, "phone"))
        }
        if let title = cells["title"] { fields["title"] = .text(title) }
    }

    /// A contact's or a team member's email and name (or first + last name, else the email).
    ///
    /// A Users file (`--kind user`) has only these.
    private func mapPerson(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        if let email = cells["email"] {
            fields["email"] = .text(try ContactValues.email(email).get(in: cells, "email"))
        }
        let joined = [cells["first_name"], cells["last_name"]].compactMap { $0 }.joined(separator: " ")
        guard let name = cells["name"] ?? (joined.isEmpty ? nil : joined) ?? fields["email"]?.text else {
            throw ValueError("no name: \(describe(["name", "first_name", "last_name", "email"])) are empty")
        }
        fields["name"] = .text(name)
    }

    private func mapCompany(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        guard let name = cells["name"] else { throw ValueError("no name: \(describe(["name"])) is empty") }
        fields["name"] = .text(name)
        fields.removeValue(forKey: "company")
        if let domain = cells["domain"] { fields["domain"] = .text(ContactValues.domain(domain)) }
        if let phone = cells["phone"] {
            fields["phone"] = .text(try ContactValues.phone(phone).get(in: cells, "phone"))
        }
        if let industry = cells["industry"] { fields["industry"] = .text(industry) }
    }

    private func describe(_ targets: [String]) -> String {
        let names = targets.flatMap { mapping.headers(of: $0) }
        return names.isEmpty ? targets.joined(separator: "/") : names.map { "'\($0)'" }.joined(separator: ", ")
    }

    func joinedAddress(_ cells: Cells) -> String? {
        let statePostal = [cells["address_state"], cells["address_postal_code"]].compactMap { $0 }.joined(
            separator: " ")
        let parts = [
            cells["address_street"], cells["address_city"], statePostal.isEmpty ? nil : statePostal,
            cells["address_country"],
        ].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    static func tags(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmed() }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}

extension Result where Failure == ValueError {
    /// Unwraps, prefixing the failure with the column the value came from.
    func get(in cells: RowMapper.Cells, _ target: String) throws(ValueError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw ValueError("column '\(cells.header(of: target))': \(error.message)")
        }
    }
}

extension Error {
    var message: String { (self as? ValueError)?.message ?? "\(self)" }
}
