// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMMail
import CRMTestSupport
import Testing

/// Mutated real messages never crash the parser or the mbox splitter, and a parse is deterministic.
@Suite struct MailFuzzTests {
    @Test func mutatedRealMessagesParseOrFailCleanly() throws {
        let seeds = try Fixture.names.map(Fixture.bytes)
        var random = FuzzInput(0x6D61_696C)
        for iteration in 0..<FuzzInput.iterations {
            let seed = seeds[iteration % seeds.count]
            let input = random.mutate(seed)
            let first = try? MailMessage(bytes: input)
            let second = try? MailMessage(bytes: input)
            #expect(first == second, "\(FuzzInput.label("mail parser", iteration))")
            if let first {
                _ = first.kind
                _ = first.caseTag
                #expect(
                    first.attachments.allSatisfy { !$0.name.isEmpty }, "\(FuzzInput.label("mail parser", iteration))")
            }
            _ = HTMLText.plainText(String(decoding: input, as: UTF8.self))
        }
    }
}
