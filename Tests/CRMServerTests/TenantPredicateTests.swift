// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// Every SQL statement on tenant data names `tenant_id` (SYNC.md 3.12).
///
/// Reads the SQLite and PostgreSQL stores' sources (and `PushRows`, the rows a push writes) and checks each
/// statement on a tenant-owned table.
@Suite struct TenantPredicateTests {
    static let tenantTables = ["users", "devices", "changes", "field_state", "conflicts"]

    @Test func everyStatementOnTenantDataFiltersByTenant() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CRMServer")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter {
            $0.hasPrefix("SQLite") || $0.hasPrefix("Postgres") || $0.hasPrefix("Push")
        }
        #expect(files.count >= 10)
        var checked = 0
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for statement in Self.statements(in: text) {
                let lower = statement.lowercased()
                guard Self.tenantTables.contains(where: { lower.contains(" \($0) ") || lower.hasSuffix(" \($0)") })
                else { continue }
                checked += 1
                #expect(lower.contains("tenant_id"), "\(file): statement without tenant_id: \(statement)")
            }
        }
        #expect(checked >= 30, "found only \(checked) statements; the scan is broken")
    }

    /// String literals that start like SQL DML.
    static func statements(in text: String) -> [String] {
        let pattern = /"(?:"")?\s*((?:SELECT|INSERT|UPDATE|DELETE)[^"]*)"/
        let flattened = text.replacingOccurrences(of: "\"\"\"", with: "\"")
        return flattened.matches(of: pattern).map {
            String($0.output.1).replacingOccurrences(of: "\n", with: " ") + " "
        }
    }
}
