// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMSync
import Foundation
import NIOCore
import NIOHTTP1

/// A device that has never synced: logs in as a new device and pulls a tenant's whole log.
///
/// The verification's view of the server, through the same public routes every device uses, so
/// what it checks is what a real new device would receive.
struct FreshDevice {
    let plan: LoadPlan
    let group: any EventLoopGroup
    let tenant: String

    /// Every change of the tenant's log (own-device filter off), pulled `limit` at a time.
    func pullEverything(limit: Int) async throws(LoadError) -> [[WireChange]] {
        let timeout = TimeAmount.milliseconds(Int64(plan.requestTimeout * 1000))
        let connection = try await HTTPConnection.connect(
            host: plan.host, port: plan.port, group: group, timeout: timeout)
        let result: Result<[[WireChange]], LoadError>
        do {
            result = .success(try await pages(on: connection, limit: limit))
        } catch {
            result = .failure(error)
        }
        await connection.close()
        return try result.get()
    }

    private func pages(on connection: HTTPConnection, limit: Int) async throws(LoadError) -> [[WireChange]] {
        let login = SessionRequest(
            tenant: tenant, user: plan.user, password: plan.password, deviceID: RecordID.make().rawValue,
            deviceName: "crm-load verifier")
        let session = try await call(connection, .POST, SyncAPI.sessionPath, nil, body: login, as: SessionResponse.self)
        var pages: [[WireChange]] = []
        var after: Int64 = 0
        for _ in 0..<1_000_000 {
            let page = try await call(
                connection, .GET, "\(SyncAPI.changesPath)?after=\(after)&limit=\(limit)", session.token,
                body: nil as Int?, as: PullResponse.self)
            pages.append(page.changes)
            after = page.nextAfter
            if !page.hasMore { return pages }
        }
        throw .badBody("tenant \(tenant): the log did not end within a million pages")
    }

    private func call<T: Decodable>(
        _ connection: HTTPConnection, _ method: HTTPMethod, _ uri: String, _ token: String?, body: (some Encodable)?,
        as type: T.Type
    ) async throws(LoadError) -> T {
        var buffer: ByteBuffer?
        if let body {
            do { buffer = ByteBuffer(bytes: try WireCoding.encoder().encode(body)) } catch {
                throw .badBody("could not encode the request: \(error)")
            }
        }
        let reply = try await connection.send(
            method, uri, token: token, body: buffer, timeout: .milliseconds(Int64(plan.requestTimeout * 1000) * 4))
        guard reply.status == 200 else {
            let code = (try? JSONDecoder().decode(ErrorBody.self, from: Data(reply.body.readableBytesView)))?.error
            throw .status(reply.status, code: code ?? "")
        }
        do {
            return try WireCoding.decoder().decode(T.self, from: Data(reply.body.readableBytesView))
        } catch {
            throw .badBody("tenant \(tenant) \(uri): \(error)")
        }
    }
}
