// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation
import Hummingbird
import NIOCore

/// Reads a request body within its route's limits, decompressing zstd or gzip, and decodes it.
///
/// Limits are checked while reading, so an oversized body is refused (413) before it is held in
/// memory whole, and a gzip body that inflates past the ceiling is refused the same way. Each
/// route has its own limits, a multiple of its honest maximum: a login is refused past
/// `maxLoginBodyBytes` on the wire or inflated, a push past `maxBodyBytes` and
/// `maxInflatedBytes` (the batch limits). Before inflating, the reader reserves what the body
/// could inflate to from the server's `InflationBudget` (against the client `address` too, for a
/// route open before authentication) and gives it back once the body is decoded.
struct RequestBodyReader {
    let configuration: ServerConfiguration
    /// Largest body as sent.
    let wireLimit: Int
    /// Largest body after inflation.
    let inflatedLimit: Int
    /// The server's bound on inflation in flight.
    let budget: InflationBudget
    /// The client address the inflation counts against (before authentication), or nil.
    let address: String?

    /// A reader with the push limits, for an authenticated request.
    init(configuration: ServerConfiguration, budget: InflationBudget) {
        self.init(
            configuration: configuration, wireLimit: configuration.maxBodyBytes,
            inflatedLimit: configuration.maxInflatedBytes, budget: budget, address: nil)
    }

    /// A reader with limits of its own (a login's), counting inflation against `address`.
    init(
        configuration: ServerConfiguration, wireLimit: Int, inflatedLimit: Int, budget: InflationBudget,
        address: String?
    ) {
        self.configuration = configuration
        self.wireLimit = wireLimit
        self.inflatedLimit = inflatedLimit
        self.budget = budget
        self.address = address
    }

    /// Decodes the body as `T`; bad JSON is a 400 naming what was wrong.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws(ServerError) -> T {
        let wire = try await collect(request)
        return try read(wire, contentEncoding: request.headers[.contentEncoding]) { buffer throws(ServerError) in
            try parse(T.self, buffer)
        }.value
    }

    /// Decodes a push body, with its coding (nil: plain) for the metrics.
    func decodePush(from request: Request) async throws(ServerError) -> (body: PushRequest, coding: ContentCoding?) {
        try decodePush(wire: try await collect(request), contentEncoding: request.headers[.contentEncoding])
    }

    /// Decodes a push body read whole already (`InPlacePush`), sent with `contentEncoding`.
    ///
    /// In place by `PushBodyParser`, or, for whatever it leaves, by `JSONDecoder` as `decode`
    /// does, which gives every error (Docs/BENCHMARKS.md, 2026-12-05). The coding comes from the
    /// header as read here, so the push path parses it once.
    func decodePush(wire: ByteBuffer, contentEncoding: String?) throws(ServerError) -> (
        body: PushRequest, coding: ContentCoding?
    ) {
        let read = try read(wire, contentEncoding: contentEncoding) { buffer throws(ServerError) in
            if let parsed = buffer.withUnsafeReadableBytes({ PushBodyParser.parse($0) }) { return parsed }
            return try parse(PushRequest.self, buffer)
        }
        return (read.value, read.coding)
    }

    /// The body as sent, refused past `wireLimit` as it is read.
    private func collect(_ request: Request) async throws(ServerError) -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: wireLimit)
        } catch {
            throw .tooLarge(limit: wireLimit)
        }
    }

    /// The body, inflated, handed to `parse` while its inflation is reserved; with its coding.
    private func read<T>(
        _ wire: ByteBuffer, contentEncoding: String?, parse: (ByteBuffer) throws(ServerError) -> T
    ) throws(ServerError) -> (value: T, coding: ContentCoding?) {
        guard let encoding = contentEncoding, encoding.lowercased() != "identity" else {
            return (try parse(wire), nil)
        }
        guard let coding = ContentCoding(contentEncoding: encoding) else {
            throw .badRequest(
                "unsupported_encoding", "Content-Encoding '\(encoding)' is not supported; use zstd or gzip")
        }
        let reserved = Self.worstCase(wire, coding: coding, limit: inflatedLimit)
        do {
            try budget.reserve(reserved, address: address)
        } catch .address {
            throw .inflationBusy(addressBound: budget.perAddress)
        } catch {
            throw .inflationBusy(addressBound: nil)
        }
        defer { budget.release(reserved, address: address) }
        let inflated: ByteBuffer
        do {
            switch coding {
            case .gzip: inflated = try Gzip.decompress(wire, maxSize: inflatedLimit)
            case .zstd: inflated = try Zstd.decompress(wire, maxSize: inflatedLimit)
            }
        } catch let failure as Gzip.Failure {
            if case .tooLarge(let limit) = failure { throw .tooLarge(limit: limit) }
            throw .badRequest("bad_gzip", failure.description)
        } catch let failure as Zstd.Failure {
            if case .tooLarge(let limit) = failure { throw .tooLarge(limit: limit) }
            throw .badRequest("bad_zstd", failure.description)
        } catch {
            throw .badRequest("bad_\(coding.rawValue)", "\(error)")
        }
        return (try parse(inflated), coding)
    }

    /// What a body could decompress to, at most `limit`: deflate's ratio for gzip; for zstd, the
    /// size the frame records (the decompressor writes no more), or the limit when it records none.
    static func worstCase(_ wire: ByteBuffer, coding: ContentCoding, limit: Int) -> Int {
        switch coding {
        case .gzip: return InflationBudget.worstCase(compressed: wire.readableBytes, limit: limit)
        case .zstd:
            // A size past the limit is refused by the decompressor before it allocates.
            let recorded = try? Zstd.recordedSize(of: wire)
            return min(limit, recorded ?? limit)
        }
    }

    private func parse<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws(ServerError) -> T {
        do {
            return try WireCoding.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw .badJSON(Self.describe(error))
        } catch {
            throw .badJSON("\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' in \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
