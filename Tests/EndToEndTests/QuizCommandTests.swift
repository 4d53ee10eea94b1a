import Foundation
import Testing

/// A temporary folder for a progress file, removed after `body`. No test uses ~/.local/state.
func withStateFolder(_ body: (URL) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-e2e-quiz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try body(folder)
}

/// `ptt progress --json` parsed.
func progressJSON(state: String, lessons: String) throws -> [String: Any] {
    let r = try runCommand(pttBinary, ["progress", "--json", "--state", state, "--lessons", lessons])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
}

@Suite("The quiz and progress commands")
struct QuizCommandTests {
    let lessons = packageRoot.appendingPathComponent("lessons").path

    @Test("ptt progress --json with no progress yet: zeros, the lesson and question totals")
    func emptyProgress() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            let json = try progressJSON(state: state, lessons: lessons)
            #expect(json["lessonsRead"] as? Int == 0)
            #expect(json["lessonsTotal"] as? Int == 10)
            let quiz = try #require(json["quiz"] as? [String: Any])
            #expect(quiz["answered"] as? Int == 0)
            #expect(quiz["correct"] as? Int == 0)
            #expect(quiz["due"] as? Int == 0)
            #expect((quiz["total"] as? Int ?? 0) >= 39)
            let byLevel = try #require(quiz["byLevel"] as? [String: [String: Int]])
            #expect(Set(byLevel.keys) == ["beginner", "intermediate", "senior"])
            #expect(byLevel["senior"]?["answered"] == 0 && byLevel["senior"]?["correct"] == 0)
            // Reading progress never creates the file.
            #expect(!FileManager.default.fileExists(atPath: state))
            let text = try runCommand(pttBinary, ["progress", "--state", state, "--lessons", lessons])
            #expect(text.stdout.hasPrefix("Lessons read: 0 of 10\nQuiz: 0 of "))
        }
    }

    @Test(
        "a quiz in tmux: answer one question, quit, and ptt progress --json counts it",
        .enabled(if: hasTmux, "tmux is not installed"))
    func quizThenProgress() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            let s = try TmuxSession(
                command:
                    "\(shellQuote(pttBinary)) quiz --level beginner --state \(shellQuote(state)) --lessons \(shellQuote(lessons)); echo EXIT=$?; sleep 30"
            )
            // The first new beginner question is the article's own, an open question.
            let asked = try s.waitFor("question 1 of")
            #expect(asked.contains("What is the difference between a process and a thread?"), "\(asked)")
            try s.sendKeys("Enter")
            try s.waitFor("Did your answer have the key points below?")
            try s.sendKeys("y")
            let graded = try s.waitFor("Asked again")
            #expect(graded.contains("✓ Right."))
            try s.sendKeys("q")
            let after = try s.waitFor("EXIT=")
            #expect(after.contains("EXIT=0"))

            let json = try progressJSON(state: state, lessons: lessons)
            let quiz = try #require(json["quiz"] as? [String: Any])
            #expect(quiz["answered"] as? Int == 1)
            #expect(quiz["correct"] as? Int == 1)
            #expect(quiz["due"] as? Int == 0)
            let byLevel = try #require(quiz["byLevel"] as? [String: [String: Int]])
            #expect(byLevel["beginner"]?["answered"] == 1)
            #expect(byLevel["senior"]?["answered"] == 0)
            var info = stat()
            #expect(stat(state, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
        }
    }

    @Test("a damaged progress file is moved aside, named on stderr, and ptt starts fresh")
    func damagedState() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("progress.json").path
            try Data("{ not json".utf8).write(to: URL(fileURLWithPath: state))
            let r = try runCommand(pttBinary, ["progress", "--json", "--state", state, "--lessons", lessons])
            #expect(r.status == 0)
            #expect(r.stderr.contains("progress.json.damaged-"), "\(r.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(names.count == 1 && names[0].hasPrefix("progress.json.damaged-"))
            #expect(r.stdout.contains("\"answered\":0"))
        }
    }

    @Test("PTT_STATE chooses the file when --state is not given")
    func stateFromEnvironment() throws {
        try withStateFolder { folder in
            let state = folder.appendingPathComponent("from-env.json").path
            try Data("{\"version\": 1, \"lessons\": {\"process\": {\"read\": true}}}".utf8).write(
                to: URL(fileURLWithPath: state))
            let r = try runCommand(
                pttBinary, ["progress", "--json", "--lessons", lessons], environment: ["PTT_STATE": state])
            #expect(r.stdout.contains("\"lessonsRead\":1"), "\(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("\"stateFile\":\"\(state)\""), "\(r.stdout)")
        }
    }

    @Test("ptt quiz without a terminal exits 2 and says what works instead")
    func quizNeedsTerminal() throws {
        let r = try runCommand(pttBinary, ["quiz", "--lessons", lessons, "--state", "/nonexistent/ptt/p.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("needs a terminal"))
    }

    @Test("ptt quiz rejects an unknown level and names the known ones")
    func unknownLevel() throws {
        let r = try runCommand(pttBinary, ["quiz", "--level", "expert", "--lessons", lessons])
        #expect(r.status == 2)
        #expect(r.stderr.contains("beginner"), "\(r.stderr)")
    }

    @Test("ptt check validates the quiz bank too, with file:line for each problem")
    func checkQuiz() throws {
        let shipped = try runCommand(pttBinary, ["check", lessons])
        #expect(shipped.status == 0, "\(shipped.stdout)")
        #expect(shipped.stdout.contains("quiz: 3 files,"), "\(shipped.stdout)")

        try withStateFolder { dir in
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent("quiz"), withIntermediateDirectories: true)
            try "---\nid: good\ntitle: Good\n---\n\nHello.\n".write(
                to: dir.appendingPathComponent("01-good.md"), atomically: true, encoding: .utf8)
            let bad = """
                ---
                level: beginner
                ---

                ## q1

                section: nowhere

                ### Question

                Why?

                ### Choices

                - [ ] A
                  no
                - [ ] B
                  no

                ### Answer

                Because.

                ### Key points

                """
            try bad.write(to: dir.appendingPathComponent("quiz/bad.md"), atomically: true, encoding: .utf8)
            let r = try runCommand(pttBinary, ["check", dir.path])
            #expect(r.status == 1)
            let file = dir.appendingPathComponent("quiz/bad.md").path
            #expect(r.stdout.contains("\(file):7: unknown section 'nowhere' (known: good)"), "\(r.stdout)")
            #expect(r.stdout.contains("\(file):13: no right answer"), "\(r.stdout)")
            #expect(r.stdout.contains("\(file):24: empty key points"), "\(r.stdout)")
            #expect(r.stdout.contains("\(dir.path): 1 file, 1 lesson, no problems"))
        }
    }

    @Test("a lint warning (a right choice whose length gives it away) prints but does not fail ptt check")
    func checkWarningPasses() throws {
        try withStateFolder { dir in
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent("quiz"), withIntermediateDirectories: true)
            try "---\nid: good\ntitle: Good\n---\n\nHello.\n".write(
                to: dir.appendingPathComponent("01-good.md"), atomically: true, encoding: .utf8)
            let long = """
                ---
                level: beginner
                ---

                ## q1

                section: good

                ### Question

                Why?

                ### Choices

                - [x] Because the kernel gives each process its own address space and page tables
                  right
                - [ ] Luck
                  no
                - [ ] Speed
                  no

                ### Answer

                Because.

                ### Key points

                - separate address spaces
                - separate page tables

                """
            try long.write(to: dir.appendingPathComponent("quiz/long.md"), atomically: true, encoding: .utf8)
            let r = try runCommand(pttBinary, ["check", dir.path])
            let file = dir.appendingPathComponent("quiz/long.md").path
            #expect(r.stdout.contains("\(file):15: warning: the right choice of 'q1' is much longer"), "\(r.stdout)")
            #expect(r.stdout.contains("1 questions, 1 warning"), "\(r.stdout)")
            #expect(r.status == 0, "\(r.stdout)")
        }
    }
}
