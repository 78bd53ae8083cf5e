// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange
import CRMTestSupport
import Foundation
import Testing

/// The CSV reader and the vCard parser over mutated real files: never a crash or a hang, always
/// records or a typed `InterchangeError` with a message, and the same answer whatever the chunks.
@Suite struct ParserFuzzTests {
    static let csvFiles = [
        "salesforce-export/Contact.csv", "salesforce-export/Opportunity.csv", "csv-edge/csvEscapedQuotes.csv",
        "csv-edge/csvtext_BOM_UTF8.csv", "csv-edge/csvtext_BOM_UTF16LE.csv",
    ]
    static let vcardFiles = [
        "vcard/aosp-v21_complicated.vcf", "vcard/aosp-v21_invalid_comment_line.vcf", "vcard/aosp-v21_japanese_2.vcf",
        "vcard/aosp-v21_multiple_entry.vcf", "vcard/aosp-v40_sort_as.vcf", "vcard/ezvcard-rfc6350-example.vcf",
        "vcard/vobject-vcard40_multilang.vcf",
    ]
    /// Small inputs of our own, so the suite runs even without ../shared.
    static let ownCSV = "name,email,note\r\n\"Doe, Jane\",jane@example.com,\"said \"\"hi\"\"\nand left\"\nBob,,plain\n"
    static let ownVCard =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Rep\r\nEMAIL;TYPE=work:ana@example.com\r\nTEL:+1 555 0100\r\n"
        + "NOTE:folded\r\n  line\r\nEND:VCARD\r\n"

    static func seeds(_ files: [String], own: String) -> [[UInt8]] {
        var seeds = [Array(own.utf8)]
        if FileManager.default.fileExists(atPath: Fixtures.root.path) {
            seeds += files.compactMap { FileManager.default.contents(atPath: Fixtures.path($0)).map { [UInt8]($0) } }
        }
        return seeds
    }

    /// Records, or the error's description; the same input must give the same outcome.
    static func csvOutcome(_ bytes: [UInt8], chunkSize: Int) -> String {
        do {
            let records = try CSVReader(source: MemoryByteSource(bytes, chunkSize: chunkSize), maxFieldBytes: 4096)
                .readAll()
            return records.map { "\($0.line):\($0.fields)" }.joined(separator: "\n")
        } catch let error as InterchangeError {
            return "error: \(error.description)"
        } catch {
            return "untyped error: \(error)"
        }
    }

    @Test func csvReaderAnswersEveryMutatedFileTheSameWayInAnyChunks() {
        var random = FuzzInput(1)
        let seeds = Self.seeds(Self.csvFiles, own: Self.ownCSV)
        for iteration in 0..<FuzzInput.iterations {
            let input = random.mutate(seeds[iteration % seeds.count])
            let whole = Self.csvOutcome(input, chunkSize: 1 << 20)
            #expect(!whole.hasPrefix("untyped error"), "\(FuzzInput.label("csv", iteration)): \(whole)")
            #expect(whole != "error: ", "\(FuzzInput.label("csv", iteration)): an error without a message")
            let chunked = Self.csvOutcome(input, chunkSize: 7)
            #expect(whole == chunked, "\(FuzzInput.label("csv", iteration)): chunks of 7 bytes read differently")
        }
    }

    @Test func vcardParserAnswersEveryMutatedFile() {
        var random = FuzzInput(2)
        let seeds = Self.seeds(Self.vcardFiles, own: Self.ownVCard)
        for iteration in 0..<FuzzInput.iterations {
            let input = random.mutate(seeds[iteration % seeds.count])
            do {
                let cards = try VCardParser.parse(input)
                #expect(cards.count <= input.count, "\(FuzzInput.label("vcard", iteration))")
            } catch let error as InterchangeError {
                #expect(!error.description.isEmpty, "\(FuzzInput.label("vcard", iteration))")
            } catch {
                Issue.record("\(FuzzInput.label("vcard", iteration)): untyped error \(error)")
            }
        }
    }
}
