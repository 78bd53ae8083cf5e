// crm — a terminal-first CRM. Licensed under the MIT License.

import ArgumentParser
import Foundation

/// `crm-load network`: the bytes one team's day of field work puts on the wire, synced against
/// the legacy way (whole records as JSON), in one run.
///
/// ```
/// crm-load network --url http://127.0.0.1:8080 --tenant network --devices 20 --records 20
/// ```
/// The tenant and user must exist (`crm-load setup`). Exit 0 when the reduction reaches
/// `--target` percent and every count agrees with the relay's, 1 otherwise.
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Measure a day's sync bytes against the legacy way (whole records).")

    @Option(help: "The server on loopback.") var url = "http://127.0.0.1:8080"
    @Option(help: "The team's tenant (create it with crm-load setup).") var tenant = "network"
    @Option(help: "The user every device logs in as.") var user = "load"
    @Option(help: "The user's password; default: $CRM_LOAD_PASSWORD.") var password: String?
    @Option(help: "Devices of the team.") var devices = 20
    @Option(help: "Records each device edits.") var records = 20
    @Option(name: .customLong("sync-every"), help: "Records a device edits between two syncs.") var syncEvery = 1
    @Option(help: "Fields edited per record, as MIN-MAX.") var fields = "1-5"
    @Option(help: "The directory with the Salesforce export's Contact.csv and Opportunity.csv.")
    var fixtures = "../shared/fixtures/salesforce-export"
    @Option(help: "The reduction in percent below which the command fails (0: report only).") var target: Double = 94

    func run() async throws {
        let plan = try plan()
        let outcome: NetworkOutcome
        do {
            outcome = try await NetworkDay(plan: plan, records: SalesforceRecords(directory: fixtures)).run()
        } catch {
            FileHandle.standardError.write(Data("crm-load network: \(error)\n".utf8))
            throw ExitCode.failure
        }
        for line in outcome.lines { print(line) }
        let agree = [outcome.sync, outcome.legacy, outcome.legacyGzip].allSatisfy(\.countsAgree)
        if !agree || outcome.reduction * 100 < target { throw ExitCode.failure }
    }

    func plan() throws -> NetworkPlan {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host, let port = parsed.port
        else { throw ValidationError("--url \(url): expected http://127.0.0.1:PORT") }
        let bounds = fields.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1] else {
            throw ValidationError("--fields \(fields): expected MIN-MAX like 1-5")
        }
        guard devices >= 2 else { throw ValidationError("--devices \(devices): a team needs at least 2") }
        guard records >= 1 else { throw ValidationError("--records \(records): expected at least 1") }
        guard syncEvery >= 1 else { throw ValidationError("--sync-every \(syncEvery): expected at least 1") }
        var plan = NetworkPlan()
        plan.host = host
        plan.port = port
        plan.tenant = tenant
        plan.user = user
        plan.password = password ?? ProcessInfo.processInfo.environment["CRM_LOAD_PASSWORD"] ?? ""
        plan.devices = devices
        plan.records = records
        plan.syncEvery = syncEvery
        plan.fields = bounds[0]...bounds[1]
        plan.fixtures = fixtures
        plan.target = target
        return plan
    }
}
