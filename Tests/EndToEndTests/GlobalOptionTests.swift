import Foundation
import Testing

/// ptt on the command line as git or cargo behave: global options anywhere,
/// usage errors that name the command typed, `progress reset`.
@Suite("Global options and usage errors")
struct GlobalOptionTests {
    let lessons = packageRoot.appendingPathComponent("lessons").path

    @Test("--lessons, --state and --no-color work before the subcommand as after it")
    func globalsBeforeSubcommand() throws {
        let after = try runCommand(pttBinary, ["lessons", "--lessons", lessons])
        for args in [
            ["--lessons", lessons, "lessons"], ["--lessons=\(lessons)", "lessons"],
            ["--no-color", "--lessons", lessons, "lessons"],
            ["--state", "/tmp/ptt-none.json", "--lessons", lessons, "lessons"],
        ] {
            let r = try runCommand(pttBinary, args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout == after.stdout)
        }
        let plain = try runCommand(pttBinary, ["--lessons", lessons, "lesson", "thread", "--plain", "--width", "60"])
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("Thread\n"))
    }

    @Test("ptt --bogus prints the root usage, never the hidden tutor's, and exits 2")
    func bogusRootOption() throws {
        for args in [["--bogus"], ["--state"], ["tutor", "--bogus"]] {
            let r = try runCommand(pttBinary, args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("Usage: ptt [--lessons <dir>] [--state <file>] [--no-color] [<subcommand>]"))
            #expect(!r.stderr.contains("tutor") && !r.stderr.contains("__child"), "\(r.stderr)")
        }
        #expect(try runCommand(pttBinary, ["--bogus"]).stderr.hasPrefix("Error: Unknown option '--bogus'\n"))
    }

    @Test("a usage error shows the usage of the command typed and exits 2")
    func usageOfTypedCommand() throws {
        let r = try runCommand(pttBinary, ["--lessons", lessons, "lessons", "extra"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Error: Unexpected argument 'extra'"))
        #expect(r.stderr.contains("Usage: ptt lessons [--where]"))
        let reset = try runCommand(pttBinary, ["progress", "reset", "--bogus"])
        #expect(reset.status == 2)
        #expect(reset.stderr.contains("Usage: ptt progress reset [--yes]"))
    }

    @Test("ptt lesson nosuch without a terminal names the lesson and lists the ids, exit 2")
    func unknownLessonWithoutTerminal() throws {
        let r = try runCommand(pttBinary, ["lesson", "nosuch", "--lessons", lessons])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: unknown lesson 'nosuch' (known: overview, process, thread"), "\(r.stderr)")
        #expect(r.stderr.contains("Usage: ptt lesson <id>"))
        #expect(!r.stderr.contains("terminal"))
    }

    @Test("progress reset refuses without a terminal and without --yes; --yes removes the file")
    func progressReset() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-reset-\(UUID().uuidString).json")
            .path
        defer { unlink(state) }
        try Data(#"{"version": 1}"#.utf8).write(to: URL(fileURLWithPath: state))
        let refused = try runCommand(pttBinary, ["progress", "reset", "--state", state])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("needs --yes"))
        #expect(FileManager.default.fileExists(atPath: state))
        let done = try runCommand(pttBinary, ["--state", state, "progress", "reset", "--yes"])
        #expect(done.status == 0)
        #expect(done.stdout == "Progress reset: removed \(state).\n")
        #expect(!FileManager.default.fileExists(atPath: state))
        let again = try runCommand(pttBinary, ["progress", "reset", "--yes", "--state", state])
        #expect(again.status == 0)
        #expect(again.stdout.contains("No progress to reset"))
    }

    @Test("completion scripts are generated for bash, zsh and fish and hide the internal commands")
    func completions() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try runCommand(pttBinary, ["--generate-completion-script", shell])
            #expect(r.status == 0)
            #expect(r.stdout.contains("lessons") && r.stdout.contains("progress"))
            #expect(!r.stdout.contains("__child") && !r.stdout.contains("tutor"), "\(shell)")
        }
    }
}

/// `ptt progress reset` on a terminal asks, and only `y` removes the file.
@Suite("Progress reset on a terminal", .enabled(if: hasTmux))
struct ProgressResetTerminalTests {
    @Test("n keeps the file, y removes it")
    func asksFirst() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-reset-\(UUID().uuidString).json")
            .path
        defer { unlink(state) }
        try Data(#"{"version": 1}"#.utf8).write(to: URL(fileURLWithPath: state))
        let command = "\(shellQuote(pttBinary)) progress reset --state \(shellQuote(state)); echo EXIT=$?; sleep 30"
        let keep = try TmuxSession(command: command, width: 200)
        _ = try keep.waitFor("[y/N]")
        try keep.sendKeys("n", "Enter")
        let kept = try keep.waitFor("EXIT=")
        #expect(kept.contains("Kept \(state)."))
        #expect(kept.contains("EXIT=0"))
        #expect(FileManager.default.fileExists(atPath: state))

        let remove = try TmuxSession(command: command, width: 200)
        let question = try remove.waitFor("[y/N]")
        #expect(question.contains(state))
        try remove.sendKeys("y", "Enter")
        let removed = try remove.waitFor("EXIT=")
        #expect(removed.contains("Progress reset: removed"))
        #expect(!FileManager.default.fileExists(atPath: state))
    }
}
