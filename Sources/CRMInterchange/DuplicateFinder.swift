// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// What duplicate detection looks at in one contact or company.
public struct DedupeRecord: Sendable, Equatable {
    public var id: RecordID
    public var name: String
    public var email: String?
    public var phone: String?
    /// The company's name for a contact; the web domain for a company.
    public var company: String?

    public init(id: RecordID, name: String, email: String? = nil, phone: String? = nil, company: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
    }
}

/// A pair of records that are probably the same person or company, with why.
public struct DuplicateCandidate: Sendable, Equatable, Codable {
    public let first: RecordID
    public let second: RecordID
    /// 0...1; pairs at or above the finder's threshold are reported.
    public let score: Double
    public let reasons: [String]
}

/// Finds duplicate candidates by normalised email, normalised phone, and fuzzy name plus company.
///
/// Records are only compared within blocks that share an email, a phone, or a name word prefix,
/// so a million contacts do not mean a trillion comparisons; a name block larger than
/// `maxBlock` (a very common surname) is compared only through the other signals.
public struct DuplicateFinder: Sendable {
    /// `.company` strips legal suffixes (`Inc`, `GmbH`) from names before comparing.
    public var kind: EntityKind
    public var threshold: Double
    public var maxBlock: Int

    public init(kind: EntityKind = .contact, threshold: Double = 0.85, maxBlock: Int = 200) {
        self.kind = kind
        self.threshold = threshold
        self.maxBlock = maxBlock
    }

    /// Every pair scoring at least `threshold`, best first.
    public func candidates(_ records: [DedupeRecord]) -> [DuplicateCandidate] {
        let keys = records.map { Keys($0, companies: kind == .company) }
        var pairs = Set<Pair>()
        for block in blocks(keys) where block.count > 1 {
            for (offset, first) in block.enumerated() {
                for second in block[(offset + 1)...] { pairs.insert(Pair(first, second)) }
            }
        }
        // Ties keep the records' order (their local numbers, as the store reads them), so the
        // same database lists the same pairs in the same order on every run.
        return pairs.compactMap { pair -> (Pair, DuplicateCandidate)? in
            let (score, reasons) = Self.score(keys[pair.low], keys[pair.high])
            guard score >= threshold else { return nil }
            let candidate = DuplicateCandidate(
                first: records[pair.low].id, second: records[pair.high].id, score: score, reasons: reasons)
            return (pair, candidate)
        }
        .sorted { ($1.1.score, $0.0.low, $0.0.high) < ($0.1.score, $1.0.low, $1.0.high) }.map(\.1)
    }

    private func blocks(_ keys: [Keys]) -> [[Int]] {
        var byEmail: [String: [Int]] = [:], byPhone: [String: [Int]] = [:], byName: [String: [Int]] = [:]
        for (index, key) in keys.enumerated() {
            if let email = key.email { byEmail[email, default: []].append(index) }
            if let phone = key.phone { byPhone[phone, default: []].append(index) }
            for word in Set(key.words.map { String($0.prefix(3)) }) where word.count >= 2 {
                byName[word, default: []].append(index)
            }
        }
        return Array(byEmail.values) + Array(byPhone.values) + byName.values.filter { $0.count <= maxBlock }
    }

    /// The score of one pair and the reasons behind it.
    static func score(_ lhs: Keys, _ rhs: Keys) -> (Double, [String]) {
        var signals: [(Double, String)] = []
        if let email = lhs.email, email == rhs.email { signals.append((0.98, "same email \(email)")) }
        if let phone = lhs.phone, phone == rhs.phone { signals.append((0.9, "same phone …\(phone.suffix(4))")) }
        let similarity = JaroWinkler.similarity(lhs.sortedName, rhs.sortedName)
        if similarity >= 0.88 {
            let percent = Int((similarity * 100).rounded())
            let nameReason = similarity == 1 ? "same name" : "similar name (\(percent)%)"
            if let company = lhs.company, company == rhs.company {
                signals.append((0.5 * similarity + 0.45, "\(nameReason) at the same company"))
            } else if lhs.company != nil && rhs.company != nil {
                signals.append((0.75 * similarity, "\(nameReason), different companies"))
            } else {
                signals.append((0.88 * similarity, nameReason))
            }
        }
        guard let best = signals.map(\.0).max() else { return (0, []) }
        let score = min(1, best + 0.02 * Double(signals.count - 1))
        return ((score * 1000).rounded() / 1000, signals.sorted { $0.0 > $1.0 }.map(\.1))
    }

    struct Pair: Hashable {
        let low: Int, high: Int
        init(_ a: Int, _ b: Int) { (low, high) = a < b ? (a, b) : (b, a) }
    }
}
