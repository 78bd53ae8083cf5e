// crm — a terminal-first CRM. Licensed under the MIT License.

import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing, run off the event loop.
///
/// bcrypt is deliberately slow (tens to hundreds of milliseconds), so hashing and verifying run
/// on NIO's blocking thread pool. Unknown users are checked against a dummy hash so that a wrong
/// password and an unknown user take the same time and get the same 401.
public enum PasswordHasher {
    /// The bcrypt cost for new hashes; 12 is Hummingbird's default.
    public static let defaultCost: UInt8 = 12

    /// Hashes a password for storage.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Verifies `password` against `hash`; with no hash, burns the same time and returns false.
    public static func verify(_ password: String, hash: String?) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(password, hash: dummyHash)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    /// A real hash at the default cost, made once, so the unknown-user path does real work.
    static let dummyHash = Bcrypt.hash("crm-server unknown user", cost: defaultCost)
}
