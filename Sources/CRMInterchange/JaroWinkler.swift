// crm — a terminal-first CRM. Licensed under the MIT License.

/// Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal).
///
/// Chosen for person and company names because it rewards a shared beginning (`Jon` / `John`,
/// `Katherine` / `Katharine`) and tolerates transpositions, which is how names are mistyped.
public enum JaroWinkler {
    /// The similarity of `lhs` and `rhs` compared by Unicode scalar.
    public static func similarity(_ lhs: String, _ rhs: String) -> Double {
        let left = Array(lhs.unicodeScalars), right = Array(rhs.unicodeScalars)
        if left.isEmpty && right.isEmpty { return 1 }
        if left.isEmpty || right.isEmpty { return 0 }
        let jaro = jaroSimilarity(left, right)
        var prefix = 0
        while prefix < min(4, left.count, right.count) && left[prefix] == right[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func jaroSimilarity(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Double {
        let window = max(0, max(left.count, right.count) / 2 - 1)
        var leftMatched = [Bool](repeating: false, count: left.count)
        var rightMatched = [Bool](repeating: false, count: right.count)
        var matches = 0
        for index in left.indices {
            let low = max(0, index - window), high = min(right.count - 1, index + window)
            guard low <= high else { continue }
            for other in low...high where !rightMatched[other] && left[index] == right[other] {
                leftMatched[index] = true
                rightMatched[other] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var other = 0
        for index in left.indices where leftMatched[index] {
            while !rightMatched[other] { other += 1 }
            if left[index] != right[other] { transpositions += 1 }
            other += 1
        }
        let m = Double(matches)
        return (m / Double(left.count) + m / Double(right.count) + (m - Double(transpositions / 2)) / m) / 3
    }
}
