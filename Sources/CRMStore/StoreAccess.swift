// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// How a database file can be opened, and who holds its write lock: the file-system side of
/// `Store.open`.
///
/// A file that may not be written (mode 0444, a read-only mount, a folder this process cannot
/// create the `-wal` and `-shm` files in) is opened read-only and *immutable*: SQLite then takes no
/// locks and creates no side files, so listing a backup on a read-only mount works and leaves
/// nothing behind. Such a file is read as it is on disk, without any `-wal` beside it.
enum StoreAccess {
    /// How long a write waits for another process's write transaction before giving up.
    static let busyTimeout: TimeInterval = 10
    /// How long a write waits before saying that it is waiting.
    static let announceAfter: TimeInterval = 1

    /// Whether `path` (an existing file) must be opened read-only: nobody may write it (no write
    /// bit in its mode, which root would otherwise ignore), this process may not, or its folder
    /// cannot take the `-wal` and `-shm` files.
    static func isReadOnly(path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        if info.st_mode & 0o222 == 0 || access(path, W_OK) != 0 { return true }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let sideFilesExist = ["-wal", "-shm"].allSatisfy { FileManager.default.fileExists(atPath: path + $0) }
        return access(folder, W_OK) != 0 && !sideFilesExist
    }

    /// An SQLite URI that opens `path` read-only and immutable.
    static func immutableURI(path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = URL(fileURLWithPath: path).path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// The busy handler of a writable store: waits up to `busyTimeout` for another process's
    /// write, calling `onWait` once after `announceAfter` so a person sees why nothing happens.
    static func busyMode(onWait: (@Sendable () -> Void)?) -> Database.BusyMode {
        let pause: TimeInterval = 0.02
        return .callback { tries in
            let waited = Double(tries) * pause
            if waited >= busyTimeout { return false }
            if let onWait, tries == Int(announceAfter / pause) { onWait() }
            usleep(useconds_t(pause * 1_000_000))
            return true
        }
    }

    /// The process holding the write lock of the WAL database at `path`, if another one does.
    ///
    /// SQLite takes its WAL write lock as a POSIX lock on byte 120 of the `-shm` file; `F_GETLK`
    /// names the process holding it. The descriptor stays open for the life of the process:
    /// closing any descriptor of a file drops every POSIX lock this process holds on it,
    /// SQLite's own included.
    static func writerProcess(path: String) -> Int32? {
        let descriptor = SHMDescriptors.shared.descriptor(for: path + "-shm")
        guard descriptor >= 0 else { return nil }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 120
        lock.l_len = 1
        guard fcntl(descriptor, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK) else { return nil }
        return lock.l_pid
    }
}

/// The `-shm` descriptors `StoreAccess.writerProcess` opened, kept open on purpose.
private final class SHMDescriptors: @unchecked Sendable {
    static let shared = SHMDescriptors()
    private let lock = NSLock()
    private var descriptors: [String: Int32] = [:]

    func descriptor(for path: String) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let known = descriptors[path] { return known }
        let opened = open(path, O_RDWR)
        if opened >= 0 { descriptors[path] = opened }
        return opened
    }
}

extension Store {
    /// The process holding the write lock of the database at `path`, if another one does (see
    /// `StoreAccess.writerProcess`), to name it in a message.
    public static func writerProcess(path: String) -> Int32? { StoreAccess.writerProcess(path: path) }
}
