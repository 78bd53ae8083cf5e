// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 client on one loopback socket, bytes as written.
///
/// For tests that need what an HTTP library hides: several requests in one write, the order of
/// answers, headers as sent, the server closing. Every read waits at most 10 s.
final class RawHTTPClient {
    struct Answer {
        var status: Int
        var headers: [Header]
        var body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    struct Header: Equatable {
        var name: String
        var value: String
    }

    private let socket: Int32
    private var buffered = Data()
    /// Closed already: a second `close` must not close a descriptor the number was given to since.
    private var closed = false

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ProcessFailure("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socket)
            throw ProcessFailure("connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    func send(_ text: String) throws { try send(Data(text.utf8)) }

    func send(_ bytes: Data) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw ProcessFailure("send: \(sent) of \(bytes.count) bytes") }
    }

    /// The next answer on the connection, its body read by its `Content-Length`.
    func readAnswer() throws -> Answer {
        let separator = Data("\r\n\r\n".utf8)
        var found = buffered.range(of: separator)
        while found == nil {
            try fill()
            found = buffered.range(of: separator)
        }
        guard let end = found else { throw ProcessFailure("no end of the answer's head") }
        let lines = String(decoding: buffered[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        buffered = Data(buffered[end.upperBound...])
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        let headers = try lines.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else { throw ProcessFailure("a header without ':': \(line)") }
            return Header(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
        while buffered.count < length { try fill() }
        let body = Data(buffered.prefix(length))
        buffered = Data(buffered.dropFirst(length))
        return Answer(status: status, headers: headers, body: body)
    }

    /// Whether the server closes the connection (a read returns 0) before 10 s pass.
    func readsEndOfStream() throws -> Bool {
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, 0) == 0
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(socket)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else {
            throw ProcessFailure("the connection ended or timed out (recv \(count), errno \(errno))")
        }
        buffered.append(contentsOf: chunk[..<count])
    }
}
