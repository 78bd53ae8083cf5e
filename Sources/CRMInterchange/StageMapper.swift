// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Maps another CRM's deal stage names onto the pipeline's stages.
///
/// A stage whose name matches one of ours (case, accents and spacing ignored) is that stage; the
/// default stages of Salesforce, HubSpot (labels and internal ids) and Pipedrive map to the
/// nearest default stage of SPEC §2 if the pipeline has it. Anything else is unknown and
/// reported, never guessed: a wrong stage corrupts the forecast.
public struct StageMapper: Sendable {
    /// The pipeline's stage names, as the store has them.
    public let stages: [String]

    /// The default pipeline of SPEC §2.
    public static let defaultStages = ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]

    public init(stages: [String] = StageMapper.defaultStages) { self.stages = stages }

    /// Other CRMs' stage names (compact keys) and the default stage each corresponds to.
    static let synonyms: [String: String] = [
        // Salesforce
        "prospecting": "Lead", "qualification": "Qualified", "needsanalysis": "Qualified", "discovery": "Qualified",
        "iddecisionmakers": "Qualified", "valueproposition": "Proposal", "perceptionanalysis": "Proposal",
        "proposalpricequote": "Proposal", "proposalquote": "Proposal", "negotiationreview": "Negotiation",
        "closedwon": "Won", "closedlost": "Lost",
        // HubSpot labels and internal values
        "appointmentscheduled": "Lead", "qualifiedtobuy": "Qualified", "presentationscheduled": "Proposal",
        "decisionmakerboughtin": "Negotiation", "contractsent": "Negotiation",
        // Pipedrive default pipeline and statuses
        "leadin": "Lead", "contactmade": "Qualified", "needsdefined": "Qualified", "demoscheduled": "Proposal",
        "proposalmade": "Proposal", "negotiationsstarted": "Negotiation", "won": "Won", "lost": "Lost",
        "open": "",
    ]

    /// The pipeline stage for `name`, or nil if it is unknown.
    public func stage(named name: String) -> String? {
        let key = MatchKey.compact(name)
        if let own = stages.first(where: { MatchKey.compact($0) == key }) { return own }
        guard let target = Self.synonyms[key], !target.isEmpty else { return nil }
        return stages.first { MatchKey.compact($0) == MatchKey.compact(target) }
    }

    /// The stage for a Pipedrive-style status (`won` / `lost`) that overrides the stage, or nil for open.
    public func stage(forStatus status: String) -> String? {
        let key = MatchKey.compact(status)
        guard key == "won" || key == "lost" else { return nil }
        return stage(named: key)
    }
}
