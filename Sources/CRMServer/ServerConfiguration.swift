// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMSync
import Foundation

/// Everything `buildApplication` needs to know: where to listen, the limits, and the clock.
///
/// Limits follow SYNC.md 3.5; every one is configurable so tests can exercise the edges cheaply.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A Unix domain socket to listen on in place of `host` and `port`.
    ///
    /// For a proxy on the same host (nginx's `server unix:PATH`): its hop to the server then skips
    /// the TCP stack on both sides. The socket gets the process's umask; the proxy's user needs
    /// write access to it.
    public var unixSocket: String?
    /// Session lifetime in seconds.
    public var tokenTTL: TimeInterval
    /// Largest request body as sent on the wire (compressed or not), in bytes.
    public var maxBodyBytes: Int
    /// Largest request body after gzip inflation, in bytes (pushes).
    public var maxInflatedBytes: Int
    /// Largest login body, on the wire and after inflation, in bytes: an honest one is under
    /// 1 KiB, and this route is open to anyone, so a bomb is refused before it is inflated far.
    public var maxLoginBodyBytes: Int
    /// Bytes of gzip inflation in flight across all requests (`InflationBudget`): 503 above.
    public var maxInflationInFlight: Int
    /// Bytes of gzip inflation in flight for one client address before authentication: 429 above.
    public var maxInflationPerAddress: Int
    /// Most changes in one push.
    public var maxChangesPerPush: Int
    /// How far ahead of the server clock a pushed HLC may be, in milliseconds.
    public var maxClockAheadMillis: Int64
    /// Pull page size when the client names none, and the largest it may ask for.
    public var defaultPullLimit: Int
    public var maxPullLimit: Int
    /// Failed logins per tenant and user within `loginFailureWindow` before 429 (0 turns it off).
    public var loginFailureLimit: Int
    /// The sliding window for `loginFailureLimit` and `addressLoginFailureLimit`, in seconds.
    public var loginFailureWindow: TimeInterval
    /// Failed logins from one client address (any names) within the window before 429 (0: off).
    public var addressLoginFailureLimit: Int
    /// Peers whose `X-Forwarded-For` names the client (nginx on 127.0.0.1); nobody else's is believed.
    public var trustedProxies: Set<String>
    /// Requests per second one session token may sustain (0 turns the limit off).
    public var requestRate: Double
    /// Requests one session token may send at once before `requestRate` applies.
    public var requestBurst: Int
    /// The most client connections held open at once (`ConnectionGate`), or nil for any number.
    ///
    /// `crm-server serve` always sets it, below the process's open-file limit.
    public var maxConnections: Int?
    /// How long a client connection may sit with no request before the server closes it, or nil
    /// to keep it until the client leaves.
    ///
    /// A device that vanishes without closing (a laptop shut, a phone out of coverage) leaves a
    /// connection that would otherwise hold one of `maxConnections` for good. A request in
    /// progress is never cut. `crm-server serve` sets 75 s: longer than the 60 s `crm sync`'s
    /// HTTP client and nginx keep an idle connection, so they close theirs first.
    public var idleTimeout: Duration?
    /// The server clock; tests replace it to expire tokens or skew clocks.
    public var now: @Sendable () -> Date

    public init(
        host: String = "127.0.0.1", port: Int = 8080, unixSocket: String? = nil,
        tokenTTL: TimeInterval = 30 * 24 * 3600,
        maxBodyBytes: Int = SyncAPI.maxBodyBytes, maxInflatedBytes: Int = 64 * 1024 * 1024,
        maxLoginBodyBytes: Int = 16 * 1024, maxInflationInFlight: Int = 256 * 1024 * 1024,
        maxInflationPerAddress: Int = 1024 * 1024,
        maxChangesPerPush: Int = SyncAPI.maxChangesPerPush,
        maxClockAheadMillis: Int64 = SyncAPI.maxClockAheadMillis, defaultPullLimit: Int = SyncAPI.defaultPullLimit,
        maxPullLimit: Int = SyncAPI.maxPullLimit, loginFailureLimit: Int = 10, loginFailureWindow: TimeInterval = 300,
        addressLoginFailureLimit: Int = 50, trustedProxies: Set<String> = [], requestRate: Double = 100,
        requestBurst: Int = 2000, maxConnections: Int? = nil, idleTimeout: Duration? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.unixSocket = unixSocket
        self.tokenTTL = tokenTTL
        self.maxBodyBytes = maxBodyBytes
        self.maxInflatedBytes = maxInflatedBytes
        self.maxLoginBodyBytes = maxLoginBodyBytes
        self.maxInflationInFlight = maxInflationInFlight
        self.maxInflationPerAddress = maxInflationPerAddress
        self.maxChangesPerPush = maxChangesPerPush
        self.maxClockAheadMillis = maxClockAheadMillis
        self.defaultPullLimit = defaultPullLimit
        self.maxPullLimit = maxPullLimit
        self.loginFailureLimit = loginFailureLimit
        self.loginFailureWindow = loginFailureWindow
        self.addressLoginFailureLimit = addressLoginFailureLimit
        self.trustedProxies = trustedProxies
        self.requestRate = requestRate
        self.requestBurst = requestBurst
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// The server clock in milliseconds since 1970 UTC.
    public var nowMillis: Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded(.down)) }
}
