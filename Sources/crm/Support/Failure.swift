// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore

/// A failure the CLI reports itself: the message after `crm: error:` and the exit code.
struct Failure: Error {
    let message: String
    let code: ExitStatus

    init(_ message: String, code: ExitStatus) {
        self.message = message
        self.code = code
    }

    /// Maps the typed errors of the lower layers; nil for ArgumentParser's own errors.
    init?(_ error: any Error) {
        switch error {
        case let failure as Failure:
            self = failure
        case let error as DomainError:
            self.init(error.description, code: .dataError)
        case let error as BusinessCalendarError:
            self.init(error.description, code: .dataError)
        case let error as StoreError:
            self.init(error.description, code: Self.code(for: error))
        default:
            guard let sqlite = StoreError.describing(error, path: Self.databasePath) else { return nil }
            self.init(sqlite.message, code: sqlite.aboutFile.map(Self.code(for:)) ?? .failure)
        }
    }

    static func code(for error: StoreError) -> ExitStatus {
        switch error {
        case .notFound, .folderMissing: .noInput
        case .ambiguous: .usage
        case .fileExists: .cannotCreate
        case .notADatabase, .newerSchema, .invalid, .unknownField, .missingRequired, .conflict, .emptyFile, .corrupt,
            .checkFailed, .inactiveUser:
            .dataError
        case .readOnly: .noPermission
        case .busy: .tempFail
        case .io: .ioError
        }
    }

    /// The database the command opened, so SQLite's own errors can be named for it.
    nonisolated(unsafe) static var databasePath: String?

    /// A usage mistake found while running (exit 64).
    static func usage(_ message: String) -> Failure { Failure(message, code: .usage) }

    /// Bad data in an argument (exit 65).
    static func data(_ message: String) -> Failure { Failure(message, code: .dataError) }
}
