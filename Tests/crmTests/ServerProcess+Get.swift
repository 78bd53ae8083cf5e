// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

extension ServerProcess {
    /// The whole answer to `GET path`, as text: what a test reads from `/metrics`.
    ///
    /// A request with `Connection: close` over a blocking socket with a 5 s timeout, so a
    /// synchronous test needs no event loop and cannot hang.
    func get(_ path: String) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw GetError.failed("socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = FaultProxy.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw GetError.failed("connect to port \(port): errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard write(socket, request, request.count) == request.count else { throw GetError.failed("write") }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &chunk, chunk.count)
            guard count >= 0 else { throw GetError.failed("read: errno \(errno)") }
            if count == 0 { break }
            answer += chunk[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    enum GetError: Error {
        case failed(String)
    }
}
