// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMInterchange
import CRMInterchangeStore

extension Failure {
    /// Runs `body`, turning import and export errors into CLI failures with their sysexits code:
    /// a missing file is 66, a mistaken `--map` or `--preset` 64, bad file contents 65.
    static func interchange<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InterchangeError {
            switch error {
            case .fileNotFound, .readFailed: throw Failure(error.description, code: .noInput)
            case .invalidMapping, .unknownPreset: throw Failure.usage(error.description)
            default: throw Failure.data(error.description)
            }
        } catch let error as ExportError {
            throw Failure(error.description, code: .cannotCreate)
        }
    }
}
