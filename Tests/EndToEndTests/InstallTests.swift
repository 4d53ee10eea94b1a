import Foundation
import Testing

/// The binary carries its course: copied out of `.build/`, it works anywhere.
@Suite("An installed binary")
struct InstallTests {
    /// Copies the binary into a fresh folder with nothing else around it.
    func withCopiedBinary(_ body: (_ binary: String, _ emptyDir: String) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-install-\(UUID().uuidString)")
        let bin = root.appendingPathComponent("bin")
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let copy = bin.appendingPathComponent("ptt").path
        try FileManager.default.copyItem(atPath: pttBinary, toPath: copy)
        try body(copy, empty.path)
    }

    /// Runs `binary args` from `dir`, with no PTT_LESSONS to lean on.
    func run(_ binary: String, _ args: [String], in dir: String) throws -> CommandResult {
        let command =
            "cd \(shellQuote(dir)) && exec \(shellQuote(binary)) " + args.map(shellQuote).joined(separator: " ")
        var result = try runCommand("/bin/sh", ["-c", command], environment: ["PTT_LESSONS": ""])
        // 126 is ETXTBSY: a test running beside this one forked while the
        // copy was still open for writing. It passes once that child execs.
        for _ in 0..<50 where result.status == 126 {
            usleep(100_000)
            result = try runCommand("/bin/sh", ["-c", command], environment: ["PTT_LESSONS": ""])
        }
        return result
    }

    @Test("a copied binary lists the lessons from an empty folder with no checkout around it")
    func copiedBinaryListsLessons() throws {
        try withCopiedBinary { binary, empty in
            let r = try run(binary, ["lessons"], in: empty)
            #expect(r.status == 0, "\(r.stderr)")
            let shipped = try runCommand(
                pttBinary, ["lessons", "--lessons", packageRoot.appendingPathComponent("lessons").path])
            #expect(r.stdout == shipped.stdout)
            #expect(r.stdout.split(separator: "\n").count == 10)
            let where_ = try run(binary, ["lessons", "--where"], in: empty)
            #expect(where_.stdout.contains("built into this binary"), "\(where_.stdout)")
            let plain = try run(binary, ["lesson", "thread", "--plain"], in: empty)
            #expect(plain.status == 0)
            #expect(plain.stdout.contains("Run it: ptt demo race"))
            let check = try run(binary, ["check"], in: empty)
            #expect(check.status == 0, "\(check.stdout)")
            #expect(check.stdout.contains("42 questions") || check.stdout.contains("questions, no problems"))
        }
    }

    @Test("from the checkout the live lessons/ folder is used, and --lessons still overrides")
    func checkoutIsLive() throws {
        let r = try runCommand(pttBinary, ["lessons", "--where"], environment: ["PTT_LESSONS": ""])
        #expect(r.stdout == packageRoot.appendingPathComponent("lessons").path + " (the checkout)\n")
        let o = try runCommand(pttBinary, ["lessons", "--where", "--lessons", "/tmp/x"])
        #expect(o.stdout == "/tmp/x (--lessons)\n")
        let e = try runCommand(pttBinary, ["lessons", "--where"], environment: ["PTT_LESSONS": "/tmp/y"])
        #expect(e.stdout == "/tmp/y (PTT_LESSONS)\n")
    }
}
