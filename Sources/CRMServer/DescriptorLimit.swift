// crm — a terminal-first CRM. Licensed under the MIT License.

#if canImport(Glibc)
    import Glibc

    private let openFiles = Int32(RLIMIT_NOFILE.rawValue)
#elseif canImport(Darwin)
    import Darwin

    private let openFiles = RLIMIT_NOFILE
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`), raised as far as it may go.
///
/// Every client connection holds one descriptor, and the usual soft limit (1,024) would stop a
/// server or a load generator long before its memory does. A process may raise its soft limit
/// up to the hard limit without privileges, so `crm-server serve` and `crm-load` do that at start
/// instead of relying on the shell's `ulimit -n`. Past the hard limit only a privileged parent
/// (or `limits.conf`) helps; `raiseToHard()` reports what it got so callers can say so.
public struct DescriptorLimit: Hashable, Sendable {
    public var soft: UInt64
    public var hard: UInt64

    public init(soft: UInt64, hard: UInt64) {
        self.soft = soft
        self.hard = hard
    }

    /// Descriptors kept free for everything but client connections: the database's files, the
    /// mail gateway's sockets, PostgreSQL connections, the event loops' own descriptors and
    /// libdispatch's reads of `/proc`.
    public static let reserve: UInt64 = 512

    /// The most client connections a server under this limit may hold (`ConnectionGate`): the
    /// soft limit less the reserve, or half of it when the limit is so low that the reserve
    /// would take more.
    public var maximumConnections: Int {
        let spare = soft > 2 * Self.reserve ? soft - Self.reserve : soft / 2
        return Int(clamping: max(spare, 1))
    }

    /// The current limits, or nil when the system does not report them.
    public static func current() -> DescriptorLimit? {
        var limit = rlimit()
        guard getrlimit(openFiles, &limit) == 0 else { return nil }
        return DescriptorLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Sets the soft limit to the hard one; returns the limits in force afterwards.
    @discardableResult
    public static func raiseToHard() -> DescriptorLimit? {
        var limit = rlimit()
        guard getrlimit(openFiles, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(openFiles, &limit)
        }
        return current()
    }
}
