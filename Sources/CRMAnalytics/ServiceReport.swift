// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// Compliance with one SLA target: met against breached, among cases where it is decided.
public struct SLACompliance: Hashable, Sendable {
    public var met: Int
    public var breached: Int
    /// Not yet decided and under 25% of the window left.
    public var atRisk: Int
    /// Not yet decided, with time left (or paused).
    public var ok: Int

    public init(met: Int, breached: Int, atRisk: Int, ok: Int) {
        self.met = met
        self.breached = breached
        self.atRisk = atRisk
        self.ok = ok
    }

    /// met / (met + breached), nil when none is decided.
    public var rate: Double? { met + breached == 0 ? nil : Double(met) / Double(met + breached) }
}

/// The support side: cases by status and priority, SLA compliance, breaches, mean times.
public struct ServiceReport: Hashable, Sendable {
    public var total: Int
    /// Case counts per status, every status listed.
    public var byStatus: [SupportCase.Status: Int]
    /// Case counts per priority, every priority listed.
    public var byPriority: [SupportCase.Priority: Int]
    public var firstResponse: SLACompliance
    public var resolution: SLACompliance
    /// Unresolved cases past a due time (first response or resolution).
    public var breached: Int
    /// Unresolved cases not breached, with under 25% of a window left.
    public var atRisk: Int
    /// Mean minutes from creation to first response, over responded cases.
    public var meanFirstResponseMinutes: Double?
    /// Mean minutes from creation to resolution minus time paused in pending, over resolved cases.
    public var meanResolutionMinutes: Double?
}

/// Pure service metrics over the case scan.
public enum ServiceMetrics {
    /// Counts, compliance, breaches and mean times from the grouped cases.
    public static func report(cases: [CaseGroup]) -> ServiceReport {
        var report = ServiceReport(
            total: 0, byStatus: Dictionary(uniqueKeysWithValues: SupportCase.Status.allCases.map { ($0, 0) }),
            byPriority: Dictionary(uniqueKeysWithValues: SupportCase.Priority.allCases.map { ($0, 0) }),
            firstResponse: SLACompliance(met: 0, breached: 0, atRisk: 0, ok: 0),
            resolution: SLACompliance(met: 0, breached: 0, atRisk: 0, ok: 0), breached: 0, atRisk: 0,
            meanFirstResponseMinutes: nil, meanResolutionMinutes: nil)
        var responded = 0
        var responseMillis: Int64 = 0
        var resolved = 0
        var resolutionMillis: Int64 = 0
        for group in cases {
            report.total += group.count
            report.byStatus[group.status, default: 0] += group.count
            report.byPriority[group.priority, default: 0] += group.count
            tally(&report.firstResponse, group.firstResponse, group.count)
            tally(&report.resolution, group.resolution, group.count)
            if !group.status.isResolved {
                if group.firstResponse == .breached || group.resolution == .breached {
                    report.breached += group.count
                } else if group.firstResponse == .atRisk || group.resolution == .atRisk {
                    report.atRisk += group.count
                }
            }
            responded += group.responded
            responseMillis += group.responseMillis
            resolved += group.resolved
            resolutionMillis += group.resolutionMillis
        }
        if responded > 0 { report.meanFirstResponseMinutes = Double(responseMillis) / Double(responded) / 60_000 }
        if resolved > 0 { report.meanResolutionMinutes = Double(resolutionMillis) / Double(resolved) / 60_000 }
        return report
    }

    static func tally(_ compliance: inout SLACompliance, _ state: SLAClock.State, _ count: Int) {
        switch state {
        case .met: compliance.met += count
        case .breached: compliance.breached += count
        case .atRisk: compliance.atRisk += count
        case .ok: compliance.ok += count
        }
    }
}
