// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

extension RowMapper {
    /// The cells of one record as the mapping sees them: first non-empty, trimmed value per target.
    struct Cells {
        let mapping: ColumnMapping
        let record: CSVRecord

        subscript(target: String) -> String? {
            for index in mapping.columns[target] ?? [] where index < record.fields.count {
                let value = record.fields[index].trimmed(newlines: true)
                if !value.isEmpty { return value }
            }
            return nil
        }

        /// The header of the column that gave `target` its value (or would have), for messages.
        func header(of target: String) -> String {
            let indexes = mapping.columns[target] ?? []
            let used = indexes.first {
                $0 < record.fields.count && !record.fields[$0].trimmed().isEmpty
            }
            return (used ?? indexes.first).map { mapping.headers[$0] } ?? target
        }
    }

    func mapDeal(_ cells: Cells, into fields: inout [String: FieldValue]) throws(ValueError) {
        guard let title = cells["title"] else {
            throw ValueError("no title: column '\(cells.header(of: "title"))' is empty")
        }
        fields["title"] = .text(title)
        let code = cells["currency"] ?? defaultCurrency
        guard let currency = try? Currency(code) else {
            throw ValueError("column '\(cells.header(of: "currency"))': '\(code)' is not an ISO 4217 code like USD")
        }
        if let amount = cells["amount"] {
            fields["amount"] = try MoneyParser.parse(amount, currency: currency.code).get(in: cells, "amount")
        } else {
            fields["amount"] = .money(0, currency)
        }
        fields[ImportRow.Reference.stage] = .text(try stage(cells))
        if let date = cells["close_date"] {
            let day = try dates.date(date).get(in: cells, "close_date")
            fields["close_date"] = day
            if let text = day.text { fields[ImportRow.Reference.closeTime] = .integer(endOfDay(text)) }
        }
        if let closed = cells["closed_at"] {
            // A date alone (Pipedrive's "Won time" in some exports) closes at the end of that day.
            if case .success(.text(let day)) = dates.date(closed) {
                fields["closed_at"] = .integer(endOfDay(day))
            } else {
                fields["closed_at"] = try dates.timestamp(closed).get(in: cells, "closed_at")
            }
        }
        if let probability = cells["probability"] {
            fields["probability"] = .integer(try Self.probability(probability).get(in: cells, "probability"))
        }
        if let email = cells["contact_email"] {
            fields[ImportRow.Reference.contactEmail] = .text(
                try ContactValues.email(email).get(in: cells, "contact_email"))
        }
        if let contact = cells["contact_external_id"] {
            fields[ImportRow.Reference.contactExternalID] = .text(
                contact.split(separator: ";").first.map { $0.trimmed() } ?? contact)
        }
    }

    /// The last millisecond of `day` (YYYY-MM-DD) in the importing user's zone, in UTC.
    func endOfDay(_ day: String) -> Int64 {
        localTime(day, hour: 23, minute: 59, second: 59).map { $0 + 999 } ?? 0
    }

    /// `day` (YYYY-MM-DD) at a time of day in the importing user's zone, in UTC milliseconds.
    func localTime(_ day: String, hour: Int, minute: Int = 0, second: Int = 0) -> Int64? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let civil = CivilTime(
            year: parts[0], month: parts[1], day: parts[2], hour: hour, minute: minute, second: second)
        return Int64(civil.unixSeconds - timeZoneOffsetSeconds) * 1000
    }

    /// The pipeline stage: a won/lost status wins over the stage column; unknown names are an issue.
    func stage(_ cells: Cells) throws(ValueError) -> String {
        if let status = cells["status"], let stage = stages.stage(forStatus: status) { return stage }
        guard let name = cells["stage"] else {
            throw ValueError("no stage: column '\(cells.header(of: "stage"))' is empty")
        }
        guard let stage = stages.stage(named: name) else {
            throw ValueError(
                "unknown stage '\(name)' (pipeline: \(stages.stages.joined(separator: ", "))); "
                    + "add it with `crm stage add \"\(name)\"` and import again")
        }
        return stage
    }

    /// A probability as a whole percentage: `75`, `75%`, `0.75`.
    static func probability(_ text: String) -> Result<Int64, ValueError> {
        let body = text.replacingOccurrences(of: "%", with: "").trimmed()
        guard let value = Double(body.replacingOccurrences(of: ",", with: ".")), value >= 0 else {
            return .failure(ValueError("'\(text)' is not a probability (expected 0-100 or 0.0-1.0)"))
        }
        let percent = value <= 1 && body.contains(".") ? value * 100 : value
        guard percent <= 100 else { return .failure(ValueError("'\(text)' is over 100%")) }
        return .success(Int64(percent.rounded()))
    }
}
