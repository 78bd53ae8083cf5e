// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on 127.0.0.1 between sync clients and `crm-server` that drops, delays,
/// duplicates and cuts requests, one HTTP request per connection.
///
/// Each accepted connection carries one request (read by its headers and `Content-Length`),
/// which is forwarded with `Connection: close` on a fresh server connection. What happens is
/// drawn from the seed: passed through; dropped (the connection closes before the server sees
/// it); cut (the server answers, the client never hears it: an acknowledgement lost); duplicated
/// (sent to the server twice, the second answer returned); or delayed. `faulty = false` passes
/// everything, for the final heal. It can also play an older server that refuses zstd bodies.
final class FaultProxy: @unchecked Sendable {
    enum Fault: String, CaseIterable {
        case pass, drop, cut, duplicate, delay
    }

    private let listener: Int32
    let port: Int
    private let target: Int
    private let lock = NSLock()
    private var random: SplitMix64
    private var enabled = true
    private(set) var counts: [Fault: Int] = [:]
    /// Whether zstd request bodies are answered as a server older than zstd pushes answered them.
    private var refusingZstd = false
    private var zstdRefusals = 0

    init(target: Int, seed: UInt64) throws {
        self.target = target
        random = SplitMix64(seed: seed)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ProxyError.cannotListen
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { close(listener) }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Turns the faults on or off (off: every request passes).
    func setFaulty(_ faulty: Bool) { lock.withLock { enabled = faulty } }

    /// Plays a server downgraded to one without zstd pushes: a request with a zstd body gets that
    /// server's 400 `unsupported_encoding` and never reaches crm-server.
    func setRefusingZstd(_ refusing: Bool) { lock.withLock { refusingZstd = refusing } }

    /// The zstd bodies refused so far.
    var refusedZstd: Int { lock.withLock { zstdRefusals } }

    /// What crm-server answered to a zstd body before it took them (`RequestBodyReader`).
    static let unsupportedZstd: [UInt8] = {
        let body = #"{"error":"unsupported_encoding","message":"Content-Encoding 'zstd' is not supported; use gzip"}"#
        return Array(
            ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body).utf8)
    }()

    private func refuses(_ request: [UInt8]) -> Bool {
        guard let end = request.firstRange(of: Array("\r\n\r\n".utf8))?.lowerBound else { return false }
        let zstd = String(decoding: request[..<end], as: UTF8.self).lowercased()
            .split(separator: "\r\n").contains { $0.hasPrefix("content-encoding:") && $0.contains("zstd") }
        return zstd
            && lock.withLock {
                if refusingZstd { zstdRefusals += 1 }
                return refusingZstd
            }
    }

    private func nextFault() -> Fault {
        lock.withLock {
            let fault: Fault
            if !enabled {
                fault = .pass
            } else {
                switch random.next() % 10 {
                case 0: fault = .drop
                case 1: fault = .cut
                case 2: fault = .duplicate
                case 3: fault = .delay
                default: fault = .pass
                }
            }
            counts[fault, default: 0] += 1
            return fault
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            Thread.detachNewThread { [self] in handle(client) }
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        guard let request = Self.readRequest(client) else { return }
        if refuses(request) { return Self.writeAll(client, Self.unsupportedZstd) }
        let fault = nextFault()
        switch fault {
        case .drop: return
        case .delay: usleep(useconds_t(20_000 + Int.random(in: 0..<80_000)))
        case .duplicate: _ = forward(request)
        case .pass, .cut: break
        }
        guard let response = forward(request) else { return }
        if fault == .cut { return }
        Self.writeAll(client, Self.closing(response))
    }

    /// Sends `request` to the server on a new connection and reads the answer until it closes.
    private func forward(_ request: [UInt8]) -> [UInt8]? {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = Self.loopback(port: target)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        Self.writeAll(server, request)
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(server, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return response.isEmpty ? nil : response
    }

    /// One request: headers (with `Connection: close` put in) and a `Content-Length` body.
    static func readRequest(_ socket: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        var bodyLength = 0
        while true {
            if headerEnd == nil, let end = data.firstRange(of: separator)?.upperBound {
                headerEnd = end
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, data.count >= headerEnd + bodyLength { break }
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { return nil }
            data += buffer[0..<count]
        }
        guard let headerEnd else { return nil }
        var head = String(decoding: data[..<(headerEnd - 2)], as: UTF8.self)
        head = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            .filter { !$0.lowercased().hasPrefix("connection:") }.joined(separator: "\r\n")
        return Array((head + "Connection: close\r\n\r\n").utf8) + data[headerEnd...]
    }

    /// `response` with `Connection: close`, so the client does not reuse the connection the
    /// proxy is about to close.
    static func closing(_ response: [UInt8]) -> [UInt8] {
        guard let end = response.firstRange(of: Array("\r\n\r\n".utf8))?.lowerBound else { return response }
        let head = String(decoding: response[..<end], as: UTF8.self).split(separator: "\r\n")
            .filter { !$0.lowercased().hasPrefix("connection:") }.joined(separator: "\r\n")
        return Array((head + "\r\nConnection: close").utf8) + response[end...]
    }

    static func writeAll(_ socket: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    enum ProxyError: Error {
        case cannotListen
    }
}
