// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// Seeded random inputs for the fuzz tests: real files, mutated.
///
/// `CRM_FUZZ_SEED` picks the seed (default 22, so `make test` reads the same inputs every run)
/// and `CRM_FUZZ_ITERATIONS` how many inputs each test tries (default 300; `make fuzz` runs
/// thousands with a fresh seed). Every failure message names the seed and the iteration, so one
/// input can be replayed.
public struct FuzzInput: RandomNumberGenerator {
    /// The run's seed.
    public static let seed: UInt64 = ProcessInfo.processInfo.environment["CRM_FUZZ_SEED"].flatMap(UInt64.init) ?? 22
    /// Inputs per test.
    public static let iterations: Int =
        ProcessInfo.processInfo.environment["CRM_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300

    private var state: UInt64

    public init(_ salt: UInt64) { state = Self.seed &+ salt &* 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Bytes that matter to the parsers: delimiters, quotes, line ends, folding, NUL, invalid UTF-8.
    public static let interesting: [UInt8] = [
        0x22, 0x2C, 0x3B, 0x09, 0x0A, 0x0D, 0x20, 0x00, 0x3A, 0x3D, 0x5C, 0xFF, 0xFE, 0xC3, 0xE2, 0x80, 0x1B,
    ]

    /// `bytes` with 1–8 random mutations: flips, inserts, deletions, duplicated runs, truncation.
    public mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...8, using: &self) {
            let position = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &self)
            switch Int.random(in: 0..<7, using: &self) {
            case 0 where !result.isEmpty: result[position] ^= UInt8.random(in: 1...255, using: &self)
            case 1: result.insert(Self.interesting.randomElement(using: &self) ?? 0, at: position)
            case 2: result.insert(UInt8.random(in: 0...255, using: &self), at: position)
            case 3 where !result.isEmpty:
                let end = min(result.count, position + Int.random(in: 1...64, using: &self))
                result.removeSubrange(position..<end)
            case 4 where !result.isEmpty:
                let end = min(result.count, position + Int.random(in: 1...256, using: &self))
                result.insert(contentsOf: result[position..<end], at: position)
            case 5: result = Array(result.prefix(position))
            default: result.insert(contentsOf: Array("\"\r\n".utf8), at: position)
            }
        }
        return result
    }

    /// Where a failure came from.
    public static func label(_ name: String, _ iteration: Int) -> String {
        "\(name), seed \(seed), iteration \(iteration) (replay: CRM_FUZZ_SEED=\(seed))"
    }
}
