// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Testing

@Suite struct DuplicateFinderTests {
    private func record(_ n: UInt8, _ name: String, email: String? = nil, phone: String? = nil, company: String? = nil)
        -> DedupeRecord
    {
        DedupeRecord(
            id: RecordID.stable(namespace: "test", name: "\(n)"), name: name, email: email, phone: phone,
            company: company)
    }

    @Test func namesDifferingInAccentsCaseAndSpacingAtTheSameCompany() {
        let records = [
            record(1, "José García", company: "Acme Ltd"), record(2, "  jose   GARCIA ", company: "ACME"),
            record(3, "Zoë Müller", company: "Beta"), record(4, "Zoe Muller", company: "beta"),
            record(5, "García José", company: "Acme"),
        ]
        let found = DuplicateFinder().candidates(records)
        let pairs = Set(found.map { Set([$0.first, $0.second]) })
        #expect(pairs.contains(Set([records[0].id, records[1].id])))
        #expect(pairs.contains(Set([records[2].id, records[3].id])))
        #expect(pairs.contains(Set([records[0].id, records[4].id])))
        #expect(found.count == 4)
        let jose = found.first { Set([$0.first, $0.second]) == Set([records[0].id, records[1].id]) }
        #expect(jose?.score == 0.95)
        #expect(jose?.reasons == ["same name at the same company"])
    }

    @Test func normalisedEmailsAndPhones() {
        let records = [
            record(1, "Jane Doe", email: "Jane.Doe+crm@Gmail.com"),
            record(2, "J. Doe", email: "janedoe@googlemail.com"),
            record(3, "Sam Park", phone: "+1 (415) 555-0100"), record(4, "Samuel Park-Lee", phone: "415.555.0100"),
        ]
        let found = DuplicateFinder().candidates(records)
        #expect(found.count == 2)
        #expect(found[0].score == 1.0)
        #expect(found[0].reasons == ["same email janedoe@gmail.com", "similar name (93%)"])
        #expect(found[1].score == 0.9)
        #expect(found[1].reasons == ["same phone …0100"])
    }

    @Test func differentPeopleAreNotCandidates() {
        let records = [
            record(1, "John Smith", email: "john@acme.example", company: "Acme"),
            record(2, "Jane Smythe", email: "jane@other.example", company: "Other"),
            record(3, "John Smith", email: "js@beta.example", company: "Beta"),
            record(4, "Short", phone: "12-34"), record(5, "Shorter", phone: "1234"),
        ]
        #expect(DuplicateFinder().candidates(records).isEmpty)
    }

    @Test func typoInNameWithSameCompanyScoresAboveThreshold() {
        let records = [record(1, "Katherine Johnson", company: "NASA"), record(2, "Katharine Jonson", company: "nasa")]
        let found = DuplicateFinder().candidates(records)
        #expect(found.count == 1)
        #expect(found[0].reasons.first?.hasPrefix("similar name (") == true)
        #expect(found[0].score > 0.9 && found[0].score < 0.95)
    }

    @Test func companiesIgnoreLegalSuffixes() {
        let records = [record(1, "Acme, Inc."), record(2, "ACME inc"), record(3, "Acme Widgets GmbH")]
        let found = DuplicateFinder(kind: .company).candidates(records)
        #expect(found.count == 1)
        #expect(Set([found[0].first, found[0].second]) == Set([records[0].id, records[1].id]))
    }

    /// Web addresses, dotted legal forms and accents (issue 17): one company written five ways.
    @Test func companiesNormaliseAddressesDottedSuffixesAndAccents() {
        let records = [
            record(1, "Société Générale S.A."), record(2, "Societe Generale"), record(3, "https://www.acme.com"),
            record(4, "ACME Ltd."), record(5, "Acme Widgets GmbH", company: "http://acmewidgets.example/"),
            record(6, "Acme Widgets", company: "www.acmewidgets.example"),
        ]
        let found = DuplicateFinder(kind: .company).candidates(records)
        let pairs = Set(found.map { Set([$0.first, $0.second]) })
        #expect(
            pairs == [
                Set([records[0].id, records[1].id]), Set([records[2].id, records[3].id]),
                Set([records[4].id, records[5].id]),
            ])
        let widgets = found.first { Set([$0.first, $0.second]) == Set([records[4].id, records[5].id]) }
        #expect(widgets?.reasons == ["same name at the same company"], "the same domain, written two ways")
    }

    @Test func jaroWinklerKnownValues() {
        #expect(abs(JaroWinkler.similarity("martha", "marhta") - 0.961) < 0.001)
        #expect(abs(JaroWinkler.similarity("dwayne", "duane") - 0.84) < 0.001)
        #expect(JaroWinkler.similarity("abc", "abc") == 1)
        #expect(JaroWinkler.similarity("abc", "xyz") == 0)
    }

    /// Pairs with the same score come in the records' order, not in the order of their random
    /// ids or of a hash set, so `crm dedupe` lists the same database the same way every time.
    @Test func tiesComeInTheRecordsOrder() {
        let records = (1...6).map { record($0, "Ana Lima", email: "ana@example.com") }
        let found = DuplicateFinder().candidates(records)
        let index = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.id, $0) })
        let order = found.map { [index[$0.first] ?? -1, index[$0.second] ?? -1] }
        #expect(found.count == 15 && Set(found.map(\.score)).count == 1)
        #expect(order == order.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }, "\(order)")
        #expect(order.first == [0, 1] && order.last == [4, 5])
    }
}
