// crm — a terminal-first CRM. Licensed under the MIT License.

/// Guesses a CSV file's field separator from its first lines.
///
/// European Excel writes `;`, tools write tabs, everyone else `,`. For each candidate the sniffer
/// counts separators outside quotes on each of the first lines; the candidate that appears the
/// same non-zero number of times on the most lines wins, ties going to the larger count and then
/// to the order `,` `;` tab `|`.
public enum DelimiterSniffer {
    /// The candidates, in order of preference on a tie.
    public static let candidates: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    /// Picks the separator for a sample of the file's text (UTF-8 bytes); `,` when nothing fits.
    public static func sniff(_ sample: [UInt8], maxLines: Int = 20) -> UInt8 {
        var best = (delimiter: candidates[0], consistent: 0, count: 0)
        for candidate in candidates {
            let counts = countsPerLine(sample, delimiter: candidate, maxLines: maxLines)
            guard let mode = mostCommonNonZero(counts) else { continue }
            let consistent = counts.filter { $0 == mode }.count
            if consistent > best.consistent || (consistent == best.consistent && mode > best.count) {
                best = (candidate, consistent, mode)
            }
        }
        return best.delimiter
    }

    static func countsPerLine(_ sample: [UInt8], delimiter: UInt8, maxLines: Int) -> [Int] {
        var counts: [Int] = []
        var count = 0
        var inQuotes = false
        var lineHasText = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                if lineHasText { counts.append(count) }
                if counts.count == maxLines { break }
                count = 0
                lineHasText = false
                continue
            } else if !inQuotes && byte == delimiter {
                count += 1
            }
            lineHasText = true
        }
        if lineHasText && !inQuotes && counts.count < maxLines { counts.append(count) }
        return counts
    }

    static func mostCommonNonZero(_ counts: [Int]) -> Int? {
        var tally: [Int: Int] = [:]
        for count in counts where count > 0 { tally[count, default: 0] += 1 }
        return tally.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key < rhs.key }?.key
    }
}
