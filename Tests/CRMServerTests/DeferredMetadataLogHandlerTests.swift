// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMServer
import Logging
import Synchronization
import Testing

/// `DeferredMetadataLogHandler` writes the lines `StreamLogHandler` writes.
@Suite struct DeferredMetadataLogHandlerTests {
    /// The lines written to it, their timestamps cut off (the two handlers may straddle a second).
    final class Capture: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var lines: [Substring] {
            text.withLock { $0 }.split(separator: "\n").map { $0.drop { $0 != " " } }
        }
    }

    static func logLines(deferred: Bool, provider: Logger.MetadataProvider?) -> [Substring] {
        let capture = Capture()
        let stream = StreamLogHandler(label: "crm-server", stream: capture, metadataProvider: provider)
        var logger = Logger(label: "crm-server") { _ -> any LogHandler in
            deferred ? DeferredMetadataLogHandler(wrapping: stream) : stream
        }
        logger.logLevel = .notice
        logger.info("not written")
        logger.notice("no metadata")
        logger[metadataKey: "hb.request.id"] = "4f2a"
        logger[metadataKey: "tenant"] = "t-1"
        logger.notice("with the logger's")
        logger.error("with the line's", metadata: ["tenant": "t-2", "device": "d-1"])
        logger[metadataKey: "tenant"] = nil
        logger.warning("one removed", metadata: ["shared": "line"])
        return capture.lines
    }

    @Test func writesWhatStreamLogHandlerWrites() {
        let lines = Self.logLines(deferred: true, provider: nil)
        #expect(lines == Self.logLines(deferred: false, provider: nil))
        #expect(lines.count == 4)
        #expect(lines.contains { $0.contains("hb.request.id=4f2a") && $0.contains("tenant=t-2") })
    }

    /// The provider's metadata overrides the logger's, and the line's overrides both, as in `StreamLogHandler`.
    @Test func mergesTheProviderInStreamLogHandlersOrder() {
        let provider = Logger.MetadataProvider { ["shared": "provider", "tenant": "provided"] }
        let lines = Self.logLines(deferred: true, provider: provider)
        #expect(lines == Self.logLines(deferred: false, provider: provider))
        #expect(lines.contains { $0.contains("tenant=provided") })
        #expect(lines.contains { $0.contains("shared=line") })
    }
}
