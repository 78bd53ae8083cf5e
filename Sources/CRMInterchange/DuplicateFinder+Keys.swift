// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

extension DuplicateFinder {
    /// The normalised forms of one record that candidates are matched on.
    struct Keys {
        let email: String?
        let phone: String?
        let words: [String]
        let sortedName: String
        let company: String?

        init(_ record: DedupeRecord, companies: Bool) {
            email = record.email.flatMap(Self.email)
            phone = record.phone.flatMap(Self.phone)
            words = companies ? Self.companyWords(record.name) : MatchKey.words(record.name)
            sortedName = words.sorted().joined(separator: " ")
            company = record.company.flatMap { company in
                let key = Self.companyWords(company).joined(separator: " ")
                return key.isEmpty ? nil : key
            }
        }

        /// Lower case, `+tag` dropped, dots dropped for Gmail (where they do not matter).
        static func email(_ text: String) -> String? {
            let email = text.trimmed().lowercased()
            guard let at = email.lastIndex(of: "@") else { return email.isEmpty ? nil : email }
            var local = String(email[..<at])
            let domain = String(email[email.index(after: at)...])
            if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
            if domain == "gmail.com" || domain == "googlemail.com" {
                local = local.replacingOccurrences(of: ".", with: "")
            }
            return local + "@" + (domain == "googlemail.com" ? "gmail.com" : domain)
        }

        /// The last ten digits (country codes and trunk prefixes differ between exports); nil under seven digits.
        static func phone(_ text: String) -> String? {
            let digits = ContactValues.phoneDigits(text)
            return digits.count >= 7 ? String(digits.suffix(10)) : nil
        }

        /// A company name or web address as the words that tell companies apart: accents and case
        /// folded, `http(s)://`, `www.` and the top-level domain of an address dropped (`https://www.acme.com`
        /// is `acme`), letters written with dots joined (`S.A.` is `sa`), legal suffixes left out.
        static func companyWords(_ text: String) -> [String] {
            var text = MatchKey.fold(text).trimmed()
            for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text.removeFirst(scheme.count) }
            if text.hasPrefix("www.") { text.removeFirst(4) }
            if !text.contains(" "), let host = text.split(separator: "/").first, host.contains(".") {
                text = host.split(separator: ".").dropLast().joined(separator: " ")
            }
            var words: [String] = []
            var letters = ""
            for word in MatchKey.words(text) {
                if word.count == 1 {
                    letters += word
                    continue
                }
                if !letters.isEmpty { words.append(letters) }
                letters = ""
                words.append(word)
            }
            if !letters.isEmpty { words.append(letters) }
            return words.filter { !legalSuffixes.contains($0) }
        }

        static let legalSuffixes: Set<String> = [
            "inc", "ltd", "llc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "plc", "corp", "corporation", "co", "company",
            "limited", "srl", "spa", "oy", "ab", "as", "kg", "sas", "pty",
        ]
    }
}
