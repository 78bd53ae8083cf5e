// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The legacy way, as a real endpoint: whole records as JSON, one request per record.
///
/// `PUT /legacy/{entity}/{id}` stores the record it carries whole (204), `GET /legacy/{entity}/{id}`
/// answers it whole. This is how the paper's "legacy systems" sync: every edit sends the full
/// record, and every teammate fetches every edited record in full. It runs on the same framework
/// and server name as crm-server, so its responses carry the same headers, and it compresses a
/// body when the client sends `Accept-Encoding: gzip` and `CompressionPolicy` says so for its size, as
/// crm-server does (`JSONResponder`); the network bench measures it both ways.
struct LegacyRecordServer {
    /// The records, by `entity/id`, as the JSON bytes last stored.
    final class Records: Sendable {
        private let stored = Mutex([String: ByteBuffer]())

        func put(_ key: String, _ body: ByteBuffer) { stored.withLock { $0[key] = body } }
        func get(_ key: String) -> ByteBuffer? { stored.withLock { $0[key] } }
    }

    let records = Records()

    /// The application on 127.0.0.1, an ephemeral port given to `onRunning`.
    func application(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        let records = self.records
        router.put("/legacy/:entity/:id") { request, context -> Response in
            var body = try await request.body.collect(upTo: 16 << 20)
            if request.headers[.contentEncoding]?.lowercased() == "gzip" {
                body = try Gzip.decompress(body, maxSize: 16 << 20)
            }
            let key = "\(context.parameters.get("entity") ?? "")/\(context.parameters.get("id") ?? "")"
            records.put(key, body)
            return Response(status: .noContent)
        }
        router.get("/legacy/:entity/:id") { request, context -> Response in
            let key = "\(context.parameters.get("entity") ?? "")/\(context.parameters.get("id") ?? "")"
            guard var body = records.get(key) else { return Response(status: .notFound) }
            var headers: HTTPFields = [.contentType: "application/json"]
            let accepts = request.headers[.acceptEncoding]?.lowercased().contains("gzip") ?? false
            if accepts, CompressionPolicy.compresses(body.readableBytes) {
                body = try Gzip.compress(body)
                headers[.contentEncoding] = "gzip"
            }
            headers[.vary] = "Accept-Encoding"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "crm-server"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
