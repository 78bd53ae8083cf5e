// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMTUI
import Foundation

/// Keystrokes with related-record panes on screen (issue 20): a company's detail with its
/// contacts, deals and cases; Tab into a related list, j down it, Enter on a contact, which
/// opens with its own deals, cases and tasks, and Esc back.
@MainActor
struct TUIRelatedBench {
    let driver: TUIFrameDriver
    let opens: Int

    func run(into report: inout BenchReport) throws {
        _ = try driver.press(.char("2"))
        _ = try driver.press(.char("g"))
        var companies: [Double] = []
        var tabs: [Double] = []
        var moves: [Double] = []
        var related: [Double] = []
        var backs: [Double] = []
        var opened = 0
        for _ in 0..<opens {
            _ = try driver.press(.pageDown)
            companies.append(try driver.press(.enter))
            guard let detail = driver.detail, detail.loadError == nil, detail.detail != nil else {
                throw BenchError("Enter did not show a company: \(driver.detail?.loadError ?? "")")
            }
            let list = detail.panes.firstIndex { if case .related = $0 { true } else { false } }
            if let list, detail.detail?.related.first?.rows.isEmpty == false {
                for _ in 0..<list { tabs.append(try driver.press(.tab)) }
                for _ in 0..<3 { moves.append(try driver.press(.char("j"))) }
                related.append(try driver.press(.enter))
                guard driver.detail !== detail, driver.detail?.detail != nil else {
                    throw BenchError("Enter on a related record did not open it")
                }
                opened += 1
                backs.append(try driver.press(.escape))
            }
            backs.append(try driver.press(.escape))
        }
        guard opened > 0 else { throw BenchError("no company showed a related record to open") }
        let target = "p99 < 16 ms"
        report.print(Measure.line("Enter → company with related panes", companies, target: target))
        report.print(Measure.line("Tab (to the next pane)", tabs, target: target))
        report.print(Measure.line("j in a related list", moves, target: target))
        report.print(Measure.line("Enter on a related record → its detail", related, target: target))
        report.print(Measure.line("Esc (back from a detail)", backs, target: target))
        _ = try driver.press(.char("1"))
    }
}
