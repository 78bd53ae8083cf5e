// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSyncClient

/// Maps sync errors to the CLI's exit codes: 69 server unavailable, 77 not authorised, 65 data that
/// does not decode (a pulled change, or a local one that cannot be pushed).
enum SyncFailure {
    static func map<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw wrap(error)
        }
    }

    static func wrap(_ error: any Error) -> any Error {
        guard let error = error as? SyncError else { return error }
        switch error {
        case .serverUnavailable: return Failure(error.description, code: .unavailable)
        case .unauthorized, .forbidden: return Failure(error.description, code: .noPermission)
        case .notLoggedIn, .invalidServerURL: return Failure(error.description, code: .usage)
        case .rejected, .invalidResponse: return Failure(error.description, code: .failure)
        case .undecodableChange, .invalidLocalChange: return Failure(error.description, code: .dataError)
        }
    }
}
