// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUIStore
import Foundation

/// Search as you type, timed as the TUI runs it: `StoreDataSource.search(query, limit: 50)`,
/// the call `SearchOverlay` makes on each keystroke.
///
/// The queries are what people type, drawn at random (seeded) over the whole table: each
/// letter of a first name, of a last name, of a company's first word, a first name followed by
/// each letter of a last name, and names with accents typed with them (and once folded). The
/// earlier benchmark took names from the first 5,000 rows in name order, which on a large table
/// are all one first name, so its 200 queries were four distinct strings (issue 21).
struct SearchBench {
    let store: Store
    static let seed: UInt64 = 99
    static let queriesPerKind = 200

    func run(into report: inout BenchReport) throws {
        let total = try store.count(.contact)
        let contacts = try store.randomContacts(2_000, seed: Self.seed)
        guard !contacts.isEmpty else { return }
        let source = StoreDataSource(store: store)
        report.print(
            "\n== search as you type: StoreDataSource.search as the TUI calls it (limit 50), queries drawn at random "
                + "over all \(total) contacts (seed \(Self.seed))")
        for (label, queries) in Self.queries(from: contacts) where !queries.isEmpty {
            let samples = try Measure.samples(queries) { query in _ = try source.search(query, limit: 50) }
            let name = "\(label) (\(Set(queries).count) distinct)"
            report.print(Measure.line(name, samples, target: "p99 < 10 ms"))
        }
    }

    /// Each kind's queries, every prefix of a word as it is typed, up to `queriesPerKind` each.
    static func queries(from contacts: [Contact]) -> [(String, [String])] {
        func typed(_ word: Substring, after lead: String = "", from start: Int = 1) -> [String] {
            let letters = Array(word.lowercased())
            guard letters.count >= start else { return [] }
            return (start...letters.count).map { lead + String(letters.prefix($0)) }
        }
        func words(_ text: String?) -> [Substring] { (text ?? "").split(separator: " ") }
        func take(_ make: (Contact) -> [String]) -> [String] {
            Array(contacts.lazy.flatMap(make).prefix(queriesPerKind))
        }
        let first = take { typed(words($0.name).first ?? "") }
        let last = take { words($0.name).count > 1 ? typed(words($0.name).last ?? "") : [] }
        let company = take { typed(words($0.companyName).first ?? "") }
        let twoWords = take { contact in
            let parts = words(contact.name)
            guard parts.count > 1, let head = parts.first, let tail = parts.last else { return [] }
            return typed(tail, after: head.lowercased() + " ")
        }
        let accented = take { contact in
            words(contact.name).filter { !$0.allSatisfy(\.isASCII) }.flatMap { word -> [String] in
                let firstAccent = (word.firstIndex { !$0.isASCII }).map { word.distance(from: word.startIndex, to: $0) }
                return typed(word, from: (firstAccent ?? 0) + 1) + [TextKey.fold(String(word))]
            }
        }
        return [
            ("first name, each letter", first), ("last name, each letter", last),
            ("company, each letter", company), ("first name + last name letters", twoWords),
            ("accented name, typed with accents", accented),
        ]
    }
}
