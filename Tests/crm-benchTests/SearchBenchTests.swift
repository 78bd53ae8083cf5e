// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import Foundation
import Testing

@testable import crm_bench

/// The search benchmark's queries are what people type, spread over the sample, not one name's prefixes.
@Suite struct SearchBenchTests {
    static func contact(_ name: String, company: String?) -> Contact {
        var contact = Contact(id: .make(), num: 1, name: name)
        contact.companyName = company
        return contact
    }

    @Test func queriesAreEveryLetterOfManyNamesWithTwoWordAndAccentedOnes() {
        let contacts = [
            Self.contact("Zoë Ångström", company: "Acme AG"), Self.contact("Omar Haddad", company: "Globex Inc"),
            Self.contact("Priya Müller", company: nil), Self.contact("Wei Tanaka", company: "Initech Group"),
        ]
        let queries = Dictionary(uniqueKeysWithValues: SearchBench.queries(from: contacts))
        #expect(
            queries["first name, each letter"] == [
                "z", "zo", "zoë", "o", "om", "oma", "omar", "p", "pr", "pri", "priy", "priya", "w", "we", "wei",
            ])
        #expect(queries["last name, each letter"]?.contains("ångström") == true)
        #expect(queries["company, each letter"]?.prefix(4) == ["a", "ac", "acm", "acme"])
        #expect(queries["first name + last name letters"]?.first == "zoë å")
        #expect(queries["first name + last name letters"]?.contains("omar haddad") == true)
        let accented = queries["accented name, typed with accents"] ?? []
        #expect(
            accented.contains("zoë") && accented.contains("zoe") && accented.contains("å")
                && accented.contains("müller"))
        #expect(!accented.contains("z"), "prefixes before the accent are the first-name queries' job")
    }
}
