// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation

/// One folder in the system's temporary folder for the temporary directories of a test process,
/// removed when the process exits.
///
/// A test that made its own directory beside the others and never removed it left one behind in
/// /tmp for every test on every run (about 120 a `make test`).
public enum TestRunFolder {
    /// `crm-tests-PID` in the temporary folder, created on first use.
    public static let url: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "crm-tests-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(at: TestRunFolder.url) }
        return url
    }()

    /// A new, empty directory inside the run's folder, its name starting with `prefix`.
    public static func directory(_ prefix: String) throws -> URL {
        let directory = url.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
