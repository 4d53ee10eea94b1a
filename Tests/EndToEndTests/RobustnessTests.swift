import Foundation
import Testing

/// The history in a progress file.
private func history(_ state: String) throws -> [[String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: state))
    let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (json["quiz"] as? [String: Any])?["history"] as? [[String: Any]] ?? []
}

@Suite("Hostile conditions, end to end")
struct RobustnessTests {
    let lessons = packageRoot.appendingPathComponent("lessons").path

    @Test(
        "two ptt quiz on one progress file, answering in turn: both answers are kept",
        .enabled(if: hasTmux, "tmux is not installed"))
    func twoQuizzes() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            let command =
                "\(shellQuote(pttBinary)) quiz --level beginner --state \(shellQuote(state)) --lessons \(shellQuote(lessons)); echo EXIT=$?; sleep 30"
            let a = try TmuxSession(command: command)
            try a.waitFor("question 1 of")
            let b = try TmuxSession(command: command)
            try b.waitFor("question 1 of")
            // Both have loaded the (empty) file; now each answers one question.
            for s in [a, b] {
                try s.sendKeys("Enter")
                try s.waitFor("Did your answer have the key points below?")
                try s.sendKeys("y")
                try s.waitFor("Asked again")
            }
            for s in [a, b] {
                try s.sendKeys("q")
                #expect(try s.waitFor("EXIT=").contains("EXIT=0"))
            }
            let answers = try history(state)
            #expect(answers.count == 2, "\(answers)")
            #expect(answers.allSatisfy { $0["correct"] as? Bool == true })
        }
    }

    @Test(
        "ulimit -f 0: the failed save is reported after the terminal is back, no SIGXFSZ, no temporary file left",
        .enabled(if: hasTmux, "tmux is not installed"))
    func fileSizeLimit() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            let s = try TmuxSession(
                command:
                    "ulimit -f 0; \(shellQuote(pttBinary)) lesson thread --state \(shellQuote(state)) --lessons \(shellQuote(lessons)); echo EXIT=$?; sleep 30"
            )
            try s.waitFor(settled: true) { $0.contains("Thread") }
            try s.sendKeys("q")
            let after = try s.waitFor("EXIT=")
            #expect(!after.contains("EXIT=153"), "\(after)")
            #expect(after.contains("EFBIG"), "\(after)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
            #expect(!names.contains("progress.json"))
        }
    }

    @Test("a FIFO as the progress file: ptt progress answers at once and says why it did not read it")
    func fifoState() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            #expect(mkfifo(state, 0o600) == 0)
            let r = try runCommand(pttBinary, ["progress", "--json", "--state", state, "--lessons", lessons])
            #expect(r.status == 0)
            #expect(r.stderr.contains("not a regular file (it is a FIFO)"), "\(r.stderr)")
        }
    }

    @Test("an escape sequence in a lesson title: ptt check reports it as \\x1b, and nothing prints it raw")
    func escapeInTitle() throws {
        try withStateFolder { dir in
            try "---\nid: good\ntitle: Good\n---\n\nHello.\n".write(
                to: dir.appendingPathComponent("01-good.md"), atomically: true, encoding: .utf8)
            try "---\nid: bad\ntitle: Bad \u{1B}]0;pwned\u{07}\u{1B}[2J\n---\n\nHello.\n".write(
                to: dir.appendingPathComponent("02-b\u{1B}[31m.md"), atomically: true, encoding: .utf8)
            let check = try runCommand(pttBinary, ["check", dir.path])
            #expect(check.status == 1)
            #expect(check.stdout.contains(#"02-b\x1b[31m.md:3: control character \x1b (ESC)"#), "\(check.stdout)")
            let lessonsList = try runCommand(pttBinary, ["lessons", "--lessons", dir.path])
            #expect(lessonsList.stdout == "good Good\n")
            #expect(lessonsList.stderr.contains(#"02-b\x1b[31m.md"#), "\(lessonsList.stderr)")
            for output in [check.stdout, check.stderr, lessonsList.stdout, lessonsList.stderr] {
                #expect(!output.contains("\u{1B}"))
            }
        }
    }
}
