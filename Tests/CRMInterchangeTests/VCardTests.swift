// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMInterchange
import Testing

@Suite struct VCardTests {
    private func cards(_ name: String) throws -> [VCard] { try VCardParser.parse(path: Fixtures.path("vcard/\(name)")) }

    @Test(Fixtures.required) func v21ComplicatedCard() throws {
        let card = try #require(try cards("aosp-v21_complicated.vcf").first)
        #expect(card.version == "2.1")
        #expect(card.formattedName == "Joe Due")
        #expect(card.nameParts == ["Gump", "Forrest", "Hoge", "Pos", "Tao"])
        #expect(card.organization == ["Gump Shrimp Co.", "Sales Dept.;Manager", "Fish keeper"])
        #expect(card.title == "Shrimp Man")
        #expect(
            card.phones.map(\.value) == ["(111) 555-1212", "(404) 555-1212", "0311111111", "0322222222", "0333333333"])
        #expect(card.phones[0].types == ["work"])
        #expect(
            card.emails == [
                VCard.Typed("forrestgump@walladalla.com", preferred: true),
                VCard.Typed("cell@example.com", types: ["cell"]),
            ])
        #expect(
            card.notes == [
                "The following note is the example from RFC 2045.",
                "Now's the time for all folk to come to the aid of their country.",
            ])
        #expect(
            card.addresses.map(\.text) == [
                "100 Waters Edge, Baytown, LA 30314, United States of America",
                "42 Plantation St., Baytown, LA 30314, United States of America",
            ])
        #expect(card.skipped == ["PHOTO"])
        let row = try card.importRow().get()
        #expect(row[text: "name"] == "Joe Due")
        #expect(row[text: "email"] == "forrestgump@walladalla.com")
        #expect(row[text: "phone"] == "(111) 555-1212")
        #expect(row[text: ImportRow.Reference.company] == "Gump Shrimp Co.")
        #expect(row[text: "notes"]?.contains("Email (cell): cell@example.com") == true)
        #expect(row[text: "notes"]?.contains("Phone (cell): 0311111111") == true)
    }

    @Test(Fixtures.required) func v21CommentLinesAndSoftBreakAcrossThem() throws {
        let card = try #require(try cards("aosp-v21_invalid_comment_line.vcf").first)
        #expect(card.formattedName == "Conference Call")
        #expect(card.notes == ["This is an (sharp ->#<- sharp) example. This message must NOT be ignored."])
        #expect(card.uid == "357")
        let row = try card.importRow().get()
        #expect(row.id == RecordID.stable(namespace: VCard.namespace, name: "357"))
    }

    @Test(Fixtures.required) func v21ShiftJISRawAndQuotedPrintable() throws {
        let card = try #require(try cards("aosp-v21_japanese_2.vcf").first)
        #expect(card.formattedName == "安藤 ロイド 1")
        #expect(card.nameParts.prefix(2) == ["安藤", "ロイド1"])
        #expect(card.addresses.first?.components[1] == "東京都渋谷区桜丘町26-1セルリアンタワー6階")
        #expect(card.addresses.first?.text == "東京都渋谷区桜丘町26-1セルリアンタワー6階, 150-8512")
        #expect(card.notes == ["メモ"])
        #expect(card.skipped == ["SOUND"])
    }

    @Test(Fixtures.required) func v21MultipleEntries() throws {
        let all = try cards("aosp-v21_multiple_entry.vcf")
        #expect(all.map(\.displayName) == ["安藤ロイド3", "安藤ロイド4", "安藤ロイド5"])
        #expect(
            all.map { $0.phones.map(\.value) } == [
                ["9", "10", "11", "12"], ["13", "14", "15", "16"], ["17", "18", "19", "20"],
            ])
        #expect(all[0].phones[3].types == ["home", "fax"])
        #expect(all.map(\.line) == [1, 12, 23])
    }

    @Test(Fixtures.required) func v40SortAsAndRFCExample() throws {
        let sortAs = try #require(try cards("aosp-v40_sort_as.vcf").first)
        #expect(sortAs.formattedName == "安藤 ロイド")
        #expect(sortAs.organization == ["グーグル", "検索部門"])
        let simon = try #require(try cards("ezvcard-rfc6350-example.vcf").first)
        #expect(simon.version == "4.0")
        #expect(simon.addresses.first?.text == "Suite D2-630, 2875 Laurier, Quebec, QC G1V 2M2, Canada")
        #expect(simon.phones.map(\.value) == ["+1-418-656-9254 ext. 102", "+1-418-262-6501"])
        #expect(simon.phones[0].preferred)
        #expect(simon.phones[1].types == ["work", "cell", "video", "text"])
        #expect(simon.emails.first?.value == "simon.perreault@viagenie.ca")
        #expect(simon.organization == ["Viagenie"])
        let multilang = try #require(try cards("vobject-vcard40_multilang.vcf").first)
        #expect(multilang.formattedName == "Yamada Taro")
        #expect(multilang.uid == "urn:uuid:multilang-vcard-example")
    }

    @Test(arguments: VCardWriter.Version.allCases)
    func roundTripKeepsEveryStoredField(version: VCardWriter.Version) throws {
        let id = RecordID.make()
        let fields: [String: FieldValue] = [
            "name": .text("Zoë O'Brien-Łukasz"), "email": .text("zoe@example.com"), "phone": .text("+353 1 234 5678"),
            "title": .text("Head of Ops; EMEA"), "notes": .text("Met at the fair, \"great\" lead\nCall back\\soon"),
            "address": .text("1 Main St, Dublin, D02 X285, Ireland"), "tags": .tags(["vip", "a,b", "semi;colon"]),
            "external_id": .text("003Ec00000CyOT7IAN"), "created_at": .integer(1_705_976_509_123),
        ]
        let card = VCard(contactID: id, fields: fields, company: "Acme; Sons", ownerEmail: "rep@ourco.com")
        let text = VCardWriter.write(card, version: version)
        #expect(text.hasPrefix("BEGIN:VCARD\r\nVERSION:\(version.rawValue)\r\n"))
        #expect(text.contains("TEL;VALUE=text:") == (version == .v4), "3.0 phones carry no VALUE=text")
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let parsed = try #require(try VCardParser.parse(Array(text.utf8)).first)
        let row = try parsed.importRow().get()
        #expect(row.id == id)
        var expected = fields
        expected[ImportRow.Reference.company] = .text("Acme; Sons")
        expected[ImportRow.Reference.ownerEmail] = .text("rep@ourco.com")
        #expect(row.fields == expected)
    }

    /// 3.0 says "preferred" as a type and always has N; 4.0 has PREF=1.
    ///
    /// Both read back as preferred.
    @Test func preferredValuesAndTheNameInEachVersion() throws {
        var card = VCard(line: 0)
        card.formattedName = "Ana"
        card.emails = [VCard.Typed("a@x.example", types: ["work"], preferred: true)]
        let three = VCardWriter.write(card, version: .v3)
        #expect(three.contains("EMAIL;TYPE=work,pref:a@x.example\r\n") && three.contains("\r\nN:;;;;\r\n"))
        let four = VCardWriter.write(card, version: .v4)
        #expect(four.contains("EMAIL;TYPE=work;PREF=1:a@x.example\r\n") && !four.contains("\r\nN:"))
        for text in [three, four] {
            #expect(try VCardParser.parse(Array(text.utf8)).first?.emails.first?.preferred == true)
        }
    }

    @Test func longValuesFoldAndUnfold() throws {
        let note = String(repeating: "日本語のメモ ", count: 40)
        let card = VCard(
            contactID: RecordID.make(), fields: ["name": .text("N"), "notes": .text(note)], company: nil,
            ownerEmail: nil)
        let parsed = try #require(try VCardParser.parse(Array(VCardWriter.write(card).utf8)).first)
        #expect(parsed.notes == [note])
    }

    @Test func malformedCardsNameTheLine() throws {
        #expect(throws: InterchangeError.invalidVCard(line: 1, reason: "the card begun here has no END:VCARD")) {
            try VCardParser.parse(Array("BEGIN:VCARD\nFN:A\n".utf8))
        }
        #expect(throws: InterchangeError.invalidVCard(line: 2, reason: "expected NAME:value, e.g. FN:Jane Doe")) {
            try VCardParser.parse(Array("BEGIN:VCARD\ngarbage\nEND:VCARD\n".utf8))
        }
        #expect(throws: InterchangeError.self) { try VCardParser.parse([0, 1, 2, 3]) }
        #expect(throws: InterchangeError.fileNotFound(path: "/no/such.vcf")) {
            try VCardParser.parse(path: "/no/such.vcf")
        }
    }

    @Test func aBinaryFileIsRefusedAsNotVCardText() {
        let binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        #expect(throws: InterchangeError.binaryFile(kind: "it contains NUL bytes", format: "vCard")) {
            try VCardParser.parse(binary)
        }
        let message = InterchangeError.binaryFile(kind: "it contains NUL bytes", format: "vCard").description
        #expect(message.contains("not vCard text") && !message.contains("CSV"))
    }
}
