// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Testing

/// The id shorthand of the row formats: a canonical UUID loses its dashes and gets them back;
/// anything else travels as it is.
@Suite struct IDShorthandTests {
    @Test func aCanonicalUUIDGoesWithoutItsDashesAndComesBack() {
        for _ in 0..<100 {
            let id = RecordID.make().rawValue
            let member = IDShorthand.member(id)
            #expect(member.count == 32 && !member.contains("-"))
            #expect(IDShorthand.expand(member) == id)
        }
    }

    @Test(arguments: [
        "01A2437E-25BA-7D71-85DC-0B9693F62791", "01a2437e25ba7d7185dc0b9693f6279", "record 7", "",
        "01a2437e-25ba-7d71-85dc-0b9693f6279g", "01a2437e-25ba7-d71-85dc-0b9693f6279", "device \"1\"",
    ])
    func anythingElseTravelsAsItIs(id: String) {
        #expect(IDShorthand.member(id) == id)
        #expect(IDShorthand.expand(IDShorthand.member(id)) == id)
    }
}
