// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMMail
import Foundation
import Logging

/// Turns mail received over SMTP into records in the tenants' change logs (issue 16).
///
/// Each inbound address belongs to one tenant (`crm-server serve --mail-address ADDRESS=TENANT`).
/// A message for a tenant is parsed (CRMMail), decided against the tenant's records
/// (`MailGatewayPlanner`) and pushed by the tenant's gateway device (`MailGatewayWriter`), one
/// message at a time, so two deliveries of one Message-ID cannot both open a case.
public actor MailGateway: SMTPDeliveryTarget {
    private let store: any LogStore
    /// Inbound address (lower case) → tenant name.
    private let routes: [String: String]
    private let logger: Logger
    private var writers: [String: MailGatewayWriter] = [:]
    /// The delivery in progress: each waits for the one before it.
    private var tail: Task<Void, Never>?

    public init(store: any LogStore, routes: [String: String], logger: Logger) {
        self.store = store
        self.routes = Dictionary(
            routes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// Whether mail to `recipient` is taken (an address some tenant receives at).
    public nonisolated func accepts(recipient: String) -> Bool {
        routes[recipient.lowercased()] != nil
    }

    /// Takes one message in for every tenant among its recipients, in order of arrival.
    public func deliver(_ envelope: SMTPEnvelope) async -> SMTPReply {
        let previous = tail
        let task = Task {
            await previous?.value; return await self.take(envelope)
        }
        tail = Task { _ = await task.value }
        return await task.value
    }

    private func take(_ envelope: SMTPEnvelope) async -> SMTPReply {
        let message: MailMessage
        do {
            message = try MailMessage(bytes: envelope.data)
        } catch {
            return SMTPReply(554, "5.6.0 \(error.description)")
        }
        let tenants = Set(envelope.recipients.compactMap { routes[$0.lowercased()] }).sorted()
        for tenant in tenants {
            do {
                try await takeRetrying(message, envelope: envelope, tenant: tenant)
            } catch MailGatewayError.refused(let reason) {
                logger.warning("mail gateway: \(tenant): refused <\(message.messageID ?? "?")>: \(reason)")
                return SMTPReply(554, "5.6.0 \(reason)")
            } catch let error as DomainError {
                return SMTPReply(554, "5.6.0 \(error)")
            } catch {
                logger.error("mail gateway: \(tenant): \(error)")
                writers[tenant] = nil
                return SMTPReply(451, "4.3.0 the message could not be stored now (\(error)); try again later")
            }
        }
        return SMTPReply(250, "2.0.0 accepted")
    }

    /// `take`, again with the gateway device re-read when another instance moved it on (up to
    /// three times; then the sending server's retry takes over).
    private func takeRetrying(_ message: MailMessage, envelope: SMTPEnvelope, tenant: String) async throws {
        for attempt in 1...3 {
            do {
                return try await take(message, envelope: envelope, tenant: tenant)
            } catch MailGatewayError.deviceMoved where attempt < 3 {
                writers[tenant] = nil
            } catch StoreError.deviceSeqGap where attempt < 3 {
                writers[tenant] = nil
            }
        }
    }

    private func take(_ message: MailMessage, envelope: SMTPEnvelope, tenant: String) async throws {
        let raw = envelope.data
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var writer = try await writer(for: tenant, now: now)
        defer { writers[tenant] = writer }
        let state = try await writer.state(for: message, raw: raw, envelopeSender: envelope.sender, store: store)
        let planner = MailGatewayPlanner(tenantID: writer.tenantID, state: state, nowMillis: now)
        switch planner.decide(message, raw: raw, envelopeSender: envelope.sender) {
        case .nothing(let reason):
            logger.info("mail gateway: \(tenant): \(reason)")
        case .refused(let reason):
            throw MailGatewayError.refused(reason)
        case .write(let writes, let summary):
            let key = message.messageID ?? ContentHash.syntheticMessageID(raw)
            do {
                try await writer.push(writes, key: key, state: state, store: store, now: now)
            } catch StoreError.changeReused {
                // Stored by an earlier delivery (this process or another instance), or another
                // instance used the gateway device's next seqs: only the records can tell which.
                let current = try await writer.state(
                    for: message, raw: raw, envelopeSender: envelope.sender, store: store)
                let again = MailGatewayPlanner(tenantID: writer.tenantID, state: current, nowMillis: now)
                if case .write = again.decide(message, raw: raw, envelopeSender: envelope.sender) {
                    throw MailGatewayError.deviceMoved
                }
                logger.info("mail gateway: \(tenant): <\(key)> was stored by an earlier delivery")
                return
            }
            logger.info("mail gateway: \(tenant): <\(key)>: \(summary)")
        }
    }

    private func writer(for tenant: String, now: Int64) async throws -> MailGatewayWriter {
        if let writer = writers[tenant] { return writer }
        guard let record = try await store.tenant(named: tenant) else {
            throw MailGatewayError.refused(
                "tenant '\(tenant)' named by --mail-address does not exist; add it with crm-server tenant add")
        }
        return try await MailGatewayWriter.open(tenant: record, store: store, now: now)
    }
}
