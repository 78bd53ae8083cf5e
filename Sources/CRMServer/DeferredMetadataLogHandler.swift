// crm — a terminal-first CRM. Licensed under the MIT License.

import Logging

/// swift-log's `StreamLogHandler`, with its metadata formatted when a line is written rather than
/// each time the metadata is set.
///
/// `StreamLogHandler` formats its whole metadata into a string on every change of it, and
/// Hummingbird sets a request id on the logger of every request, so each request paid for a string
/// that a server logging at `error` never writes: 0.35 % of the server's samples in the load
/// bench's mix, 0.06 % with this handler (Docs/BENCHMARKS.md, 2026-12-05). This handler keeps the metadata as it is given and
/// hands it to a `StreamLogHandler` with each line it writes, merged in `StreamLogHandler`'s order
/// (the logger's, then the provider's, then the line's), so the lines read as before.
public struct DeferredMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    public var metadata = Logger.Metadata()
    public var metadataProvider: Logger.MetadataProvider?

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    /// A handler writing to `stream` (standard error in `crm-server serve`), as `StreamLogHandler` would.
    public init(wrapping stream: StreamLogHandler) {
        self.stream = stream
        metadataProvider = stream.metadataProvider
        self.stream.metadataProvider = nil
    }

    /// Writes to standard error: what `LoggingSystem.bootstrap` is given.
    public static func standardError(label: String) -> DeferredMetadataLogHandler {
        DeferredMetadataLogHandler(wrapping: StreamLogHandler.standardError(label: label))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        var event = event
        event.metadata = merged
        stream.log(event: event)
    }
}
