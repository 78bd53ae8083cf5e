// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation

/// Creates realistic sample data through the one write path, fast and reproducibly.
///
/// Used by `crm demo` and by `crm-bench`, so the benchmark measures the same writes a user's
/// data goes through: rows, change log, search index. Deterministic for a given seed.
public struct DemoGenerator {
    /// What a run created.
    public struct Summary: Sendable, Equatable {
        public var contacts = 0
        public var companies = 0
        public var deals = 0
        public var activities = 0
        public var cases = 0

        public init() {}

        public var dictionary: [String: Int] {
            ["contacts": contacts, "companies": companies, "deals": deals, "activities": activities, "cases": cases]
        }
    }

    /// How much of each kind to make per contact.
    public struct Mix: Sendable {
        public var companiesPerContact = 0.2
        public var dealsPerContact = 0.5
        public var activitiesPerContact = 1.0
        public var casesPerContact = 0.2
        public var batchSize = 2_000

        public init() {}
    }

    let store: Store
    var random: SplitMix64
    let mix: Mix

    public init(store: Store, seed: UInt64 = 42, mix: Mix = Mix()) {
        self.store = store
        self.random = SplitMix64(seed: seed)
        self.mix = mix
    }

    /// Generates `contacts` contacts and the records that go with them; `progress` sees each batch.
    public mutating func generate(contacts count: Int, progress: ((Summary) -> Void)? = nil) throws -> Summary {
        let store = self.store
        // From 10,000 contacts on, the analytics summaries are rebuilt once at the end rather
        // than kept by triggers row by row (`AggregateRebuild`): seconds instead of minutes.
        return try store.bulkLoading(deferAggregates: count >= 10_000) {
            try generateInBatches(contacts: count, progress: progress)
        }
    }

    /// Writes each batch kind by kind — companies, contacts, deals, activities, cases — in one
    /// transaction.
    ///
    /// A record's search rowid is its number times 8 plus a kind code, so rowids rise within a
    /// kind but not across kinds; FTS5 flushes its pending index to a new segment whenever a
    /// rowid goes down. Interleaved (a company every tenth contact, a contact after its
    /// activities), nearly every record cost a flush; kind by kind, a batch costs at most five.
    mutating func generateInBatches(contacts count: Int, progress: ((Summary) -> Void)?) throws -> Summary {
        var summary = Summary()
        let stages = try store.stages()
        let now = store.nowMillis
        let companyCount = max(1, Int(Double(count) * mix.companiesPerContact))
        var companyIDs: [RecordID] = []
        companyIDs.reserveCapacity(companyCount)
        var made = 0
        while made < count {
            let batch = min(mix.batchSize, count - made)
            try store.write { recorder in
                var generator = self
                for index in made..<(made + batch)
                where companyIDs.count < companyCount
                    && (index % max(1, count / companyCount) == 0 || companyIDs.isEmpty)
                {
                    companyIDs.append(try generator.company(index: companyIDs.count, recorder: recorder))
                    summary.companies += 1
                }
                var people: [(contact: RecordID, company: RecordID)] = []
                for index in made..<(made + batch) {
                    let company = companyIDs[Int(generator.random.next() % UInt64(companyIDs.count))]
                    people.append((try generator.contact(index: index, company: company, recorder: recorder), company))
                    summary.contacts += 1
                }
                try generator.related(people, stages: stages, now: now, recorder: recorder, summary: &summary)
                self.random = generator.random
            }
            made += batch
            progress?(summary)
        }
        return summary
    }

    /// The deals, activities and cases of a batch's contacts, each kind in one run.
    private mutating func related(
        _ people: [(contact: RecordID, company: RecordID)], stages: [PipelineStage], now: Int64,
        recorder: ChangeRecorder, summary: inout Summary
    ) throws {
        for person in people where chance(mix.dealsPerContact) {
            try deal(contact: person.contact, company: person.company, stages: stages, now: now, recorder: recorder)
            summary.deals += 1
        }
        for person in people {
            var activities = mix.activitiesPerContact
            while chance(min(activities, 1)) && activities > 0 {
                try activity(contact: person.contact, now: now, recorder: recorder)
                summary.activities += 1
                activities -= 1
            }
        }
        for person in people where chance(mix.casesPerContact) {
            try supportCase(contact: person.contact, company: person.company, now: now, recorder: recorder)
            summary.cases += 1
        }
    }

    /// `number` zero-padded to seven digits (`String(format:)` goes through Foundation per call).
    static func sevenDigits(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    mutating func chance(_ probability: Double) -> Bool {
        probability >= 1 || Double(random.next() % 1_000_000) / 1_000_000 < probability
    }

    mutating func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }

    mutating func company(index: Int, recorder: ChangeRecorder) throws -> RecordID {
        let id = recorder.newID()
        let name =
            "\(pick(DemoNames.companyStems)) \(pick(DemoNames.companySuffixes))" + (index >= 400 ? " \(index)" : "")
        let domain = name.lowercased().filter { $0.isLetter || $0.isNumber } + ".example"
        try recorder.create(
            .company, id: id,
            ["name": .text(name), "domain": .text(domain), "industry": .text(pick(DemoNames.industries))])
        return id
    }

    mutating func contact(index: Int, company: RecordID, recorder: ChangeRecorder) throws -> RecordID {
        let id = recorder.newID()
        let first = pick(DemoNames.first)
        let last = pick(DemoNames.last)
        // Each name folded to ASCII letters; a name with none (a script without a Latin folding)
        // is left out rather than leaving a dot at the start or end of the address.
        let local = [first, last].map { TextKey.fold($0).filter { $0.isASCII && $0.isLetter } }
            .filter { !$0.isEmpty }.joined(separator: ".")
        var fields: [String: FieldValue] = [
            "name": .text("\(first) \(last)"),
            "email": .text("\(local.isEmpty ? "contact" : local).\(index)@example.com"),
            "phone": .text("+1 555 " + Self.sevenDigits(index % 10_000_000)),
            "company_id": .text(company.rawValue),
            "title": .text(pick(DemoNames.titles)),
        ]
        if chance(0.1) { fields["tags"] = .tags([pick(["vip", "churn-risk", "partner", "newsletter"])]) }
        try recorder.create(.contact, id: id, fields)
        return id
    }

    mutating func deal(
        contact: RecordID, company: RecordID, stages: [PipelineStage], now: Int64, recorder: ChangeRecorder
    ) throws {
        let id = recorder.newID()
        let final = stages[Int(random.next() % UInt64(stages.count))]
        let created = now - Int64(random.next() % 180) * 86_400_000 - 86_400_000
        let currency = chance(0.8) ? "USD" : pick(["EUR", "GBP", "JPY"])
        let minor = Int64(1_000 + random.next() % 200_000) * (currency == "JPY" ? 1 : 100)
        let money = Money(minorUnits: minor, currency: try Currency(currency))
        var fields: [String: FieldValue] = [
            "title": .text("\(pick(DemoNames.dealKinds)) \(pick(DemoNames.companyStems))"), "amount": .money(money),
            "stage_id": .text(final.id.rawValue), "company_id": .text(company.rawValue),
            "contact_id": .text(contact.rawValue), "created_at": .integer(created),
            "close_date": .text(
                CalendarDate(year: 2026, month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28)).text),
        ]
        if final.kind != .open { fields["closed_at"] = .integer(created + Int64(random.next() % 90 + 1) * 86_400_000) }
        if final.kind == .lost { fields["lost_reason"] = .text(pick(["price", "timing", "competitor", "no budget"])) }
        try recorder.create(.deal, id: id, fields)
        let path =
            stages.filter { $0.kind == .open && $0.position <= final.position } + (final.kind == .open ? [] : [final])
        var previous: RecordID?
        for (step, stage) in path.enumerated() {
            try recorder.create(
                .stageChange, id: recorder.newID(),
                [
                    "deal_id": .text(id.rawValue), "from_stage_id": previous.map { .text($0.rawValue) } ?? .null,
                    "to_stage_id": .text(stage.id.rawValue),
                    "created_at": .integer(created + Int64(step) * 5 * 86_400_000),
                ])
            previous = stage.id
        }
    }

    mutating func activity(contact: RecordID, now: Int64, recorder: ChangeRecorder) throws {
        let kind = pick(Activity.Kind.allCases)
        var fields: [String: FieldValue] = [
            "kind": .text(kind.rawValue), "subject": .text(pick(DemoNames.activitySubjects)),
            "contact_id": .text(contact.rawValue),
        ]
        if kind == .task {
            fields["due_at"] = .integer(now + (Int64(random.next() % 20) - 5) * 86_400_000)
            fields["done"] = .bool(chance(0.3))
        }
        try recorder.create(.activity, id: recorder.newID(), fields)
    }

    mutating func supportCase(contact: RecordID, company: RecordID, now: Int64, recorder: ChangeRecorder) throws {
        let priority = pick(SupportCase.Priority.allCases)
        let status = pick(SupportCase.Status.allCases)
        guard let policy = SLAPolicy.defaults.first(where: { $0.priority == priority }) else { return }
        let created = now - Int64(random.next() % (72 * 60)) * 60_000
        let due = policy.dueTimes(createdAt: created, pausedMillis: 0)
        var fields: [String: FieldValue] = [
            "subject": .text(pick(DemoNames.caseSubjects)), "priority": .text(priority.rawValue),
            "status": .text(status.rawValue),
            "queue": .text(pick(["support", "billing", "onboarding"])), "contact_id": .text(contact.rawValue),
            "company_id": .text(company.rawValue), "created_at": .integer(created),
            "first_response_due": .integer(due.firstResponse),
            "resolution_due": .integer(due.resolution), "paused_ms": .integer(0),
        ]
        if status != .new { fields["first_response_at"] = .integer(created + Int64(random.next() % 120) * 60_000) }
        if status.isResolved {
            fields["resolved_at"] = .integer(min(now, created + Int64(random.next() % 600) * 60_000))
        }
        if status == .pending { fields["paused_at"] = .integer(now - 3_600_000) }
        try recorder.create(.supportCase, id: recorder.newID(), fields)
    }
}
