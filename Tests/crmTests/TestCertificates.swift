// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost, made at test
/// time with the openssl CLI (`make deps` installs it), so no key is ever committed.
struct TestCertificates {
    let folder: URL
    var caCertificate: String { folder.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { folder.appendingPathComponent("server.pem").path }
    var serverKey: String { folder.appendingPathComponent("server.key").path }
    var caKey: String { folder.appendingPathComponent("ca.key").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Makes the CA and the server certificate in `folder` (created if needed).
    init(in folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let extensions = folder.appendingPathComponent("server.ext")
        try Data(
            """
            subjectAltName = IP:127.0.0.1, DNS:localhost
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth

            """.utf8
        ).write(to: extensions)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(
            ["req", "-x509"] + curve + [
                "-keyout", caKey, "-out", caCertificate, "-days", "2", "-subj", "/CN=crm test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        let request = folder.appendingPathComponent("server.csr").path
        try Self.openssl(["req"] + curve + ["-keyout", serverKey, "-out", request, "-subj", "/CN=127.0.0.1"])
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial",
            "-out", serverCertificate, "-days", "2", "-extfile", extensions.path,
        ])
    }

    /// Runs `openssl ARGS`; fails with its stderr, or with how to install it when it is missing.
    static func openssl(_ arguments: [String]) throws {
        let candidates = ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "openssl is not installed; run make deps (apt-get install openssl)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr, as: UTF8.self)
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(message)")
        }
    }
}
