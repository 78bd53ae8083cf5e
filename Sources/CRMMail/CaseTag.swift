// crm — a terminal-first CRM. Licensed under the MIT License.

/// The case tag the desk puts in the subject of its replies (`[#123]`), so an answer threads back
/// to its case even when the customer's mailer drops In-Reply-To and References.
public enum CaseTag {
    /// The subject of a reply on case `number`: `Re: ` and the tag added once.
    public static func subject(_ subject: String, caseNumber number: Int64) -> String {
        let tagged = Self.number(in: subject) == number ? subject : "\(subject) [#\(number)]"
        let lower = tagged.lowercased()
        return lower.hasPrefix("re:") ? tagged : "Re: \(tagged)"
    }

    /// The number of the first `[#N]` tag (N of 1–18 digits) in `subject`, or nil.
    public static func number(in subject: String) -> Int64? {
        var rest = Substring(subject)
        while let start = rest.range(of: "[#") {
            let digits = rest[start.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = rest[start.upperBound...].dropFirst(digits.count)
            if !digits.isEmpty, digits.count <= 18, after.first == "]", let number = Int64(digits) { return number }
            rest = rest[start.upperBound...]
        }
        return nil
    }
}
