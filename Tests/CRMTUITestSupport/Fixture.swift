// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMTUI
import Synchronization

/// A small, fixed CRM with long and wide names, used by every screen test.
enum Fixture {
    /// 2026-11-25 09:00 UTC.
    static let now = Int64(CivilTime(year: 2026, month: 11, day: 25, hour: 9).unixSeconds) * 1000
    static let hour: Int64 = 3_600_000
    static let longName = "Zoë 🚀 Ñúñez-Montgomery-Fitzgerald the Third of Somewhere Far Away"
    static let wideName = "山田太郎"
    static let wideCompany = "山田商事株式会社グローバルホールディングス"

    /// The standard model; `empty` gives a fresh database with only the default stages.
    static func model(empty: Bool = false) -> InMemoryModel {
        var model = InMemoryModel(now: now, userName: "ada")
        for (name, kind, probability) in [
            ("Lead", StageSummary.Kind.open, 10), ("Qualified", .open, 25), ("Proposal", .open, 50),
            ("Negotiation", .open, 75), ("Won", .won, 100), ("Lost", .lost, 0),
        ] {
            model.stages.append(
                InMemoryModel.Stage(id: model.newID(), name: name, kind: kind, probability: probability))
        }
        guard !empty else { return model }
        // Twelve weeks and fourteen days of history, as the store's TrendReport would give them.
        model.trends = DashboardTrends(
            wonCount: [2, 1, 3, 0, 2, 4, 1, 3, 5, 2, 4, 1],
            wonValue: [
                .init(
                    currency: "USD",
                    minorUnits: [
                        800_000, 250_000, 1_200_000, 0, 600_000, 1_500_000, 300_000, 900_000, 2_100_000,
                        700_000, 1_600_000, 400_000,
                    ]
                )
            ],
            newDeals: [5, 7, 4, 6, 8, 5, 9, 7, 6, 8, 10, 3], casesOpened: [3, 5, 2, 4, 6, 1, 0, 4, 5, 3, 7, 2, 4, 2],
            casesResolved: [2, 4, 3, 3, 5, 2, 0, 2, 6, 4, 5, 3, 3, 1],
            slaRate: [0.9, 0.85, 1.0, 0.8, 0.95, 0.9, nil, 0.75, 0.9, 1.0, 0.85, 0.9])
        let acme = add(&model, company: "Acme Corp", domain: "acme.com", industry: "Manufacturing")
        let yamada = add(&model, company: wideCompany, domain: "yamada.co.jp", industry: "Trading")
        let adaID = add(&model, contact: "Ada Lovelace", email: "ada@acme.com", company: acme)
        _ = add(&model, contact: wideName, email: "taro@yamada.co.jp", company: yamada)
        _ = add(&model, contact: longName, email: "zoe.nunez-montgomery@very-long-domain.example.com", company: nil)
        _ = add(&model, contact: "Bob Builder", email: "bob@globex.com", company: nil)
        let rollout = add(&model, deal: "Acme rollout", cents: 1_200_050, stage: 0, company: acme)
        _ = add(&model, deal: "Yamada renewal 更新", cents: 4_000_000, stage: 2, company: yamada, currency: "EUR")
        _ = add(&model, deal: "Old win", cents: 500_000, stage: 4, company: acme)
        _ = add(&model, deal: "Lost cause", cents: 100_000, stage: 5, company: nil)
        _ = add(&model, case: "Printer on fire", priority: "urgent", createdHoursAgo: 2, contact: adaID)
        _ = add(&model, case: "Login fails", priority: "high", createdHoursAgo: 3.5, contact: nil)
        let mine = add(&model, case: "Invoice question", priority: "normal", createdHoursAgo: 1, contact: adaID)
        model.cases[mine]?.assigneeID = model.me
        let solved = add(&model, case: "Solved already", priority: "low", createdHoursAgo: 50, contact: nil)
        model.cases[solved]?.status = "solved"
        add(&model, task: "Call Ada back", due: now - 24 * hour, about: RecordRef(.contact, adaID))
        add(&model, task: "Send proposal", due: now + 2 * hour, about: RecordRef(.deal, rollout))
        add(&model, task: "Quarterly review", due: now + 72 * hour, about: nil)
        return model
    }

    static func add(_ model: inout InMemoryModel, company: String, domain: String, industry: String) -> RecordID {
        let id = model.newID()
        model.companies[id] = InMemoryModel.Company(
            id: id, name: company, domain: domain, industry: industry, phone: "+1 555 0100")
        return id
    }

    static func add(_ model: inout InMemoryModel, contact: String, email: String, company: RecordID?) -> RecordID {
        let id = model.newID()
        model.contacts[id] = InMemoryModel.Contact(
            id: id, name: contact, email: email, phone: "+1 555 0199", title: "Engineer", companyID: company)
        return id
    }

    static func add(
        _ model: inout InMemoryModel, deal: String, cents: Int64, stage: Int, company: RecordID?,
        currency: String = "USD"
    ) -> RecordID {
        let id = model.newID()
        model.deals[id] = InMemoryModel.Deal(
            id: id, title: deal, amount: cents, currency: currency, stageID: model.stages[stage].id, companyID: company)
        return id
    }

    static func add(
        _ model: inout InMemoryModel, case subject: String, priority: String, createdHoursAgo: Double,
        contact: RecordID?
    ) -> RecordID {
        let id = model.newID()
        model.cases[id] = InMemoryModel.Case(
            id: id, subject: subject, priority: priority, queue: "support", contactID: contact,
            createdAt: now - Int64(createdHoursAgo * Double(hour)))
        return id
    }

    static func add(_ model: inout InMemoryModel, task: String, due: Int64, about: RecordRef?) {
        let id = model.newID()
        model.activities[id] = InMemoryModel.Activity(
            id: id, kind: "task", subject: task, dueAt: due, about: about, createdAt: now - 48 * hour)
    }
}

/// Runs background work at once, on the calling thread; results still go through the mailbox.
struct ImmediateRunner: BackgroundRunner {
    func run(_ work: @escaping @Sendable () -> Void) { work() }
}

/// Holds background work until the test decides to run it, in any order.
final class ManualRunner: BackgroundRunner {
    let jobs = Mutex<[@Sendable () -> Void]>([])

    func run(_ work: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(work) }
    }

    /// Runs the job at `index` of those still waiting.
    func runJob(_ index: Int) {
        let job = jobs.withLock { $0.remove(at: index) }
        job()
    }

    var pending: Int { jobs.withLock { $0.count } }
}

/// An app on a memory canvas, driven by keys, for screen tests.
@MainActor
final class Harness {
    let source: InMemoryDataSource
    let app: App
    var canvas: MemoryCanvas

    init(
        _ source: InMemoryDataSource = InMemoryDataSource(Fixture.model()), start: ScreenID = .dashboard,
        width: Int = 80, height: Int = 24, runner: any BackgroundRunner = ImmediateRunner()
    ) {
        self.source = source
        let context = AppContext(source: source, runner: runner, clock: { Fixture.now })
        app = App(context: context, start: start)
        canvas = MemoryCanvas(width: width, height: height)
        render()
    }

    /// Presses keys one by one, applying posted background results after each, then redraws.
    @discardableResult
    func press(_ keys: Key...) -> Harness {
        for key in keys {
            app.handle(key)
            app.drainMailbox()
            app.draw(on: canvas)
        }
        return self
    }

    /// Types text into whatever has focus.
    @discardableResult
    func type(_ text: String) -> Harness {
        for character in text { press(.char(character)) }
        return self
    }

    /// Redraws at a new size.
    func resize(width: Int, height: Int) {
        canvas = MemoryCanvas(width: width, height: height)
        press(.resize)
    }

    func render() {
        app.drainMailbox()
        app.draw(on: canvas)
    }

    var text: String { canvas.text }
    var lines: [String] { canvas.lines }
    var statusLine: String { canvas.lines.last ?? "" }
}
