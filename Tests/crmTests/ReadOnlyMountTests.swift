// crm — a terminal-first CRM. Licensed under the MIT License.

import Foundation
import Testing

/// A backup on a real read-only mount, listed and searched through the real binary.
///
/// `StoreAccessCommandTests` covers a 0444 file, but root ignores file modes, so only a
/// read-only file system refuses every write the way a backup disk or a read-only share does.
/// The mount is made in a private mount namespace (`unshare -m`): a tmpfs holding a copy of
/// the database, remounted read-only, seen by nothing outside the one shell that runs `crm`
/// on it. Needs root (or CAP_SYS_ADMIN) and util-linux's `unshare`; disabled otherwise.
@Suite struct ReadOnlyMountTests {
    /// Whether this process may make a private mount namespace with a tmpfs in it.
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = [
            "-m", "sh", "-c",
            "d=$(mktemp -d) && mount -t tmpfs none \"$d\" && umount \"$d\"; s=$?; rmdir \"$d\"; exit $s",
        ]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// Copies the database onto a tmpfs in a private namespace, remounts it read-only, runs
    /// `crm` on it and records each command's output, exit code and the mount's contents in
    /// files of `results` (outside the mount).
    static let script = """
        set -u
        mount -t tmpfs -o size=64m crm-readonly "$MOUNT" || exit 90
        cp "$SOURCE" "$MOUNT/crm.sqlite" || exit 91
        mount -o remount,ro "$MOUNT" || exit 92
        grep " $MOUNT " /proc/mounts > "$RESULTS/mount"
        sha256sum "$MOUNT/crm.sqlite" | cut -d' ' -f1 > "$RESULTS/before"
        run() { name=$1; shift; "$CRM" --db "$MOUNT/crm.sqlite" "$@" > "$RESULTS/$name.out" 2> "$RESULTS/$name.err"; \
            echo $? > "$RESULTS/$name.code"; }
        run list contact list
        run search search hopp
        run show contact show grace@example.com
        run add contact add --name Nope
        sha256sum "$MOUNT/crm.sqlite" | cut -d' ' -f1 > "$RESULTS/after"
        ls -A "$MOUNT" > "$RESULTS/files"
        """

    @Test(.enabled(if: canMount, "needs root and unshare -m to mount a read-only tmpfs in a private namespace"))
    func aBackupOnAReadOnlyMountIsListedAndSearchedAndLeftAsItWas() throws {
        let cli = try StoreAccessCommandTests.populated()
        let backup = cli.folder.appendingPathComponent("backup.sqlite").path
        try cli.ok("backup", backup)
        let mount = cli.folder.appendingPathComponent("mnt")
        let results = cli.folder.appendingPathComponent("results")
        for folder in [mount, results] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        shell.arguments = ["-m", "--propagation", "private", "sh", "-c", Self.script]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRM_DB")
        environment["MOUNT"] = mount.path
        environment["SOURCE"] = backup
        environment["RESULTS"] = results.path
        environment["CRM"] = CLI.binary.path
        shell.environment = environment
        try shell.run()
        shell.waitUntilExit()
        try #require(shell.terminationStatus == 0, "the mount script failed (status \(shell.terminationStatus))")
        func result(_ name: String) -> String {
            (try? String(contentsOf: results.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        #expect(
            result("mount").contains(" ro,") || result("mount").contains(" ro "),
            "mounted read-only: \(result("mount"))")
        #expect(result("list.code").hasPrefix("0"), "list: \(result("list.err"))")
        #expect(result("list.out").contains("Grace Hopper") && result("list.out").contains("Alan Turing"))
        #expect(result("search.code").hasPrefix("0"), "search: \(result("search.err"))")
        #expect(result("search.out").contains("Grace Hopper"))
        #expect(result("show.code").hasPrefix("0") && result("show.out").contains("grace@example.com"))
        #expect(result("add.code").hasPrefix("77"), "a write is refused: \(result("add.err"))")
        #expect(result("add.err").contains("is read-only"))
        #expect(result("files") == "crm.sqlite\n", "nothing left behind on the mount")
        #expect(!result("before").isEmpty && result("before") == result("after"), "the file is unchanged")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: mount.path).isEmpty,
            "the mount was private to the namespace and is gone with it")
    }
}
