// crm — a terminal-first CRM. Licensed under the MIT License.

/// SplitMix64: a small, fast generator whose sequence depends on its seed only.
///
/// The network bench draws the fields each device edits and the records' ids from it, so two runs
/// (and the synced and legacy halves of one run) make the same edits of the same records.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
