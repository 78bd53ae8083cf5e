// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import HTTPTypes
import NIOCore

/// An answer the event loop writes itself (`InPlacePull`, `InPlacePush`): its head and its whole
/// body, with the headers Hummingbird would have added to the router's answer.
struct InPlaceAnswer {
    var head: HTTPResponse
    var body: ByteBuffer

    /// A 200 with `fields` (`JSONResponder.encoded`) and `body`, plus the `Content-Length`, `Date`
    /// and `Server` Hummingbird writes on every answer.
    init(fields: HTTPFields, body: ByteBuffer, serverName: String, dates: HTTPDate) {
        var headers = fields
        headers[.contentLength] = String(body.readableBytes)
        headers[.date] = dates.now
        headers[.server] = serverName
        self.head = HTTPResponse(status: .ok, headerFields: headers)
        self.body = body
    }

    /// Whether `request` may be one the event loop answers: `method` on `/v1/changes`, with a
    /// token, not asking to close the connection.
    ///
    /// Asked on the head. A request asking to close is left to the router, whose task closes the
    /// connection after the answer (Hummingbird's `handleHTTP`).
    static func mayTake(_ request: HTTPRequest, method: HTTPRequest.Method) -> Bool {
        guard request.method == method, request.headerFields[.authorization] != nil, let path = request.path else {
            return false
        }
        if let connection = request.headerFields[.connection], connection.lowercased().contains("close") {
            return false
        }
        let route = SyncAPI.changesPath.utf8
        let bytes = path.utf8
        guard bytes.starts(with: route) else { return false }
        let rest = bytes.dropFirst(route.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "?")
    }
}
