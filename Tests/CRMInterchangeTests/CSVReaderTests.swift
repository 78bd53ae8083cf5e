// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange
import Foundation
import Testing

/// Reads `bytes` with every chunk size that matters: whole, and tiny chunks that cut every token.
private func read(_ bytes: [UInt8], chunkSize: Int = 1 << 20, maxFieldBytes: Int = 1 << 20) throws -> [CSVRecord] {
    try CSVReader(source: MemoryByteSource(bytes, chunkSize: chunkSize), maxFieldBytes: maxFieldBytes).readAll()
}

private func read(_ text: String, chunkSize: Int = 1 << 20) throws -> [CSVRecord] {
    try read(Array(text.utf8), chunkSize: chunkSize)
}

@Suite struct CSVReaderTests {
    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func quotedFieldsWithNewlinesAndDoubledQuotes(chunkSize: Int) throws {
        let text = "name,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\r\nand left\"\r\nBob,plain\r\n"
        let records = try read(text, chunkSize: chunkSize)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["name", "note"]),
                CSVRecord(line: 2, fields: ["Doe, Jane", "said \"hi\"\r\nand left"]),
                CSVRecord(line: 4, fields: ["Bob", "plain"]),
            ])
    }

    @Test func lineEndingsLFCRLFAndCRAreAllRecordEnds() throws {
        let records = try read("a,b\nc,d\r\ne,f\rg,h")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func emptyLinesAreSkippedButCounted() throws {
        let records = try read("a,b\n\n\r\n1,2\n\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 4, fields: ["1", "2"])])
    }

    @Test func quotedEmptyFieldIsARecord() throws {
        #expect(try read("a\n\"\"\n").map(\.fields) == [["a"], [""]])
    }

    @Test func raggedRowsKeepTheirOwnLength() throws {
        let records = try read("a,b,c\n1\n1,2,3,4\n")
        #expect(records.map(\.fields.count) == [3, 1, 4])
    }

    @Test(arguments: [
        (";", "a;b\n\"x;y\";2\n1;2\n"), ("\t", "a\tb\n1\t2\n3\t4\n"), (",", "a,b\n1,2\n"), ("|", "a|b\n1|2\n"),
    ])
    func delimiterIsSniffed(expected: String, text: String) throws {
        let reader = CSVReader(source: MemoryByteSource(text))
        let records = try reader.readAll()
        #expect(reader.delimiter == UInt8(ascii: Unicode.Scalar(expected)!))
        #expect(records[0].fields == ["a", "b"])
    }

    @Test func semicolonWinsOverCommasInsideEuropeanAmounts() {
        let sample = Array("Name;Amount\nAcme;1.234,56\nBeta;2,50\n".utf8)
        #expect(DelimiterSniffer.sniff(sample) == UInt8(ascii: ";"))
    }

    @Test func utf8BOMIsDropped() throws {
        let records = try read([0xEF, 0xBB, 0xBF] + Array("\"id\",name\n1,x\n".utf8))
        #expect(records[0].fields == ["id", "name"])
    }

    @Test(arguments: [1, 3, 1 << 20])
    func latin1IsDetectedAndConverted(chunkSize: Int) throws {
        let bytes: [UInt8] =
            Array("name,city\n".utf8) + [0x4A, 0x6F, 0x73, 0xE9, 0x2C, 0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E, 0x0A]
            + Array("Euro,".utf8) + [0x80, 0x0A]
        let reader = CSVReader(source: MemoryByteSource(bytes, chunkSize: chunkSize))
        let records = try reader.readAll()
        #expect(reader.encoding == .windows1252)
        #expect(records[1].fields == ["José", "München"])
        #expect(records[2].fields == ["Euro", "€"])
    }

    @Test func utf16WithBOMIsConvertedAcrossChunkBoundaries() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "name\nZoë 😀\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        for chunkSize in [1, 3, 5, 64] {
            let reader = CSVReader(source: MemoryByteSource(bytes, chunkSize: chunkSize))
            #expect(try reader.readAll().map(\.fields) == [["name"], ["Zoë 😀"]])
            #expect(reader.encoding == .utf16LE)
        }
    }

    @Test func unterminatedQuoteNamesTheLineItOpensOn() throws {
        #expect(throws: InterchangeError.unterminatedQuote(line: 3)) {
            try read("a,b\n1,2\n3,\"open\n4,5\n")
        }
    }

    @Test func recordsBeforeAnErrorAreStillYielded() throws {
        let reader = CSVReader(source: MemoryByteSource("a\n1\n\"x\n"))
        #expect(try reader.next()?.fields == ["a"])
        #expect(try reader.next()?.fields == ["1"])
        #expect(throws: InterchangeError.unterminatedQuote(line: 3)) { try reader.next() }
    }

    @Test func tenMegabyteFieldIsRefusedWithItsLine() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        let bytes = Array("name,note\nok,1\nbad,\"".utf8) + big + Array("\"\n".utf8)
        #expect(throws: InterchangeError.fieldTooLarge(line: 3, limit: 1 << 20)) {
            try read(bytes, chunkSize: 1 << 16)
        }
    }

    @Test func binaryFilesAreRefused() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
        #expect(throws: InterchangeError.binaryFile(kind: "a PNG image")) { try read(png) }
        let random: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        #expect(throws: InterchangeError.self) { try read(random) }
    }

    @Test func missingFileIsFileNotFound() throws {
        #expect(throws: InterchangeError.fileNotFound(path: "/nonexistent/contacts.csv")) {
            try CSVReader(path: "/nonexistent/contacts.csv")
        }
    }

    @Test func invalidUTF8LaterInTheFileNamesTheLine() throws {
        var bytes = Array("a\n".utf8)
        for _ in 0..<(70 * 1024 / 6) { bytes += Array("hello\n".utf8) }
        bytes += [0x66, 0xFF, 0x0A]
        #expect(throws: InterchangeError.invalidUTF8(line: 70 * 1024 / 6 + 2)) { try read(bytes, chunkSize: 4096) }
    }

    @Test(Fixtures.required) func escapedQuotesFixture() throws {
        let records = try CSVReader(path: Fixtures.path("csv-edge/csvEscapedQuotes.csv")).readAll()
        #expect(
            records.map(\.fields) == [
                ["column1", "column2"], ["\"The Best\" Account", "bla"], ["The \"Best\" Account", "bla"],
            ])
    }

    @Test(Fixtures.required) func utf8BOMFixtureWithQuotedHeader() throws {
        let records = try CSVReader(path: Fixtures.path("csv-edge/csvtext_BOM_UTF8.csv")).readAll()
        #expect(
            records.map(\.fields) == [
                ["column1", "column2", "column3"], ["row1-1", "row1-2", "row1-3"], ["row2-1", "row2-2", "row2-3"],
            ])
    }

    @Test(Fixtures.required) func utf16LEFixtureIsConverted() throws {
        let reader = try CSVReader(path: Fixtures.path("csv-edge/csvtext_BOM_UTF16LE.csv"))
        let records = try reader.readAll()
        #expect(reader.encoding == .utf16LE)
        #expect(
            records.map(\.fields) == [
                ["column1", "column2", "column3"], ["row1-1", "row1-2", "row1-3"], ["row2-1", "row2-2", "row2-3"],
            ])
    }

    @Test(Fixtures.required) func salesforceContactFixtureParsesEveryRowWithTheHeaderWidth() throws {
        let records = try CSVReader(path: Fixtures.path("salesforce-export/Contact.csv")).readAll()
        #expect(records.count == 103)
        #expect(records.allSatisfy { $0.fields.count == 72 })
        #expect(records[0].fields[0] == "Id")
    }
}
