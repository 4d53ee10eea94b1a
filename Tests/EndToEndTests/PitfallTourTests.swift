import Foundation
import Testing

/// The deadlock lab and the tour as a person (and an instructor with a
/// second terminal) uses them, in tmux; `ptt check` on a broken tour file.
@Suite("Pitfall labs and the tour, end to end")
struct PitfallTourTests {
    /// A folder of its own with `files` in it, removed at the end by the caller.
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-tour-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    static let tour = """
        ---
        id: tour
        title: A short tour
        ---

        ```tour-step
        kind: lesson
        title: What a process is
        lesson: one
        heading: A table
        minutes: 1
        note: First note of step one.
        ```

        ```tour-step
        kind: lab
        title: A deadlock
        lab: deadlock
        minutes: 2
        note: T1 holds A and wants B.
        ```

        ```tour-step
        kind: lab
        title: fork copies memory
        lab: fork
        minutes: 1
        ```
        """

    var fixtureLessons: String {
        packageRoot.appendingPathComponent("Tests/PttTests/Fixtures/lessons").path
    }

    @Test(
        "ptt demo deadlock shows the cycle; q exits within a second and no child of ptt remains",
        .enabled(if: hasTmux, "tmux is not installed"))
    func deadlockQuits() throws {
        let s = try TmuxSession(command: "\(shellQuote(pttBinary)) demo deadlock; echo EXIT=$?; sleep 30")
        let screen = try s.waitFor(timeout: 15) { $0.contains("[2 deadlocked]") && $0.contains("waited") }
        #expect(screen.contains("holds  A") && screen.contains("wants  B") && screen.contains("TID "), "\(screen)")
        let pane = try s.panePID()
        let ptt = try #require(childPIDs(of: pane).first, "no ptt under the pane")
        let children = childPIDs(of: ptt)
        #expect(!children.isEmpty, "the stuck threads' process is not a child of ptt")
        try s.sendKeys("q")
        #expect(within(1) { (try? s.capture())?.contains("EXIT=0") ?? false }, "ptt did not exit within 1 s of q")
        #expect(within(1) { children.allSatisfy { kill($0, 0) != 0 && errno == ESRCH } }, "a child outlived ptt")
        #expect(childPIDs(of: ptt).isEmpty)
    }

    @Test(
        "ptt tour advances with Space and goes back with Backspace; --notes in a second terminal follows it",
        .enabled(if: hasTmux, "tmux is not installed"))
    func tourAndNotes() throws {
        let dir = try folder(["tour.md": Self.tour])
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = shellQuote(dir.appendingPathComponent("progress.json").path)
        let file = shellQuote(dir.appendingPathComponent("tour.md").path)
        let lessons = shellQuote(fixtureLessons)
        let presenter = try TmuxSession(
            command: "\(shellQuote(pttBinary)) tour \(file) --lessons \(lessons) --state \(state); sleep 30")
        let first = try presenter.waitFor("step 1 of 3")
        #expect(first.contains("1. What a process is") && first.contains("A table"), "\(first)")
        let notes = try TmuxSession(
            command: "\(shellQuote(pttBinary)) tour --notes --lessons \(lessons) --state \(state); sleep 30")
        let followed = try notes.waitFor("First note of step one.")
        #expect(followed.contains("step 1 of 3") && followed.contains("of 1 min"), "\(followed)")
        try presenter.sendKeys("Space")
        // The header and the body of one frame: a capture may land between two writes.
        let second = try presenter.waitFor(timeout: 5) { $0.contains("step 2 of 3") && $0.contains("2. A deadlock") }
        #expect(second.contains("2. A deadlock"))
        let moved = try notes.waitFor(timeout: 3) { $0.contains("T1 holds A and wants B.") }
        #expect(moved.contains("step 2 of 3"), "the notes did not follow:\n\(moved)")
        try presenter.sendKeys("BSpace")
        #expect(try presenter.waitFor("step 1 of 3").contains("1. What a process is"))
        #expect(try notes.waitFor(timeout: 3) { $0.contains("First note of step one.") }.contains("step 1 of 3"))
        try presenter.sendKeys("q")
        #expect(try notes.waitFor(timeout: 3) { $0.contains("The tour has ended.") }.contains("The tour has ended."))
    }

    @Test("ptt check names each problem of a broken tour file by file:line and fails")
    func checkBrokenTour() throws {
        let one = try String(contentsOfFile: fixtureLessons + "/01-one.md", encoding: .utf8)
        let broken = """
            ---
            id: tour
            title: Broken
            ---

            ```tour-step
            kind: labb
            title: A typo in the kind
            minutes: 1
            ```

            ```tour-step
            kind: lab
            title: No such lab
            lab: nosuchlab
            minutes: 2
            ```

            ```tour-step
            kind: lesson
            title: No such lesson
            lesson: nowhere
            minutes: 1
            ```
            """
        let dir = try folder(["01-one.md": one, "tour.md": broken])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try runCommand(pttBinary, ["check", dir.path])
        #expect(r.status == 1)
        let path = dir.appendingPathComponent("tour.md").path
        for expected in ["\(path):7: unknown step kind 'labb'", "\(path):15: unknown lab 'nosuchlab'", "\(path):19:"] {
            #expect(r.stdout.contains(expected), "no '\(expected)' in:\n\(r.stdout)")
        }
        #expect(r.stdout.contains("unknown lesson 'nowhere'"), "\(r.stdout)")
    }
}

/// `--plain`, `--record` and `--replay` for the pitfall labs.
@Suite("Pitfall labs: plain output, recording and replay")
struct PitfallPlainReplayTests {
    @Test("--plain output of both labs is one line per event with no escape sequences")
    func plain() throws {
        let deadlock = try runCommand(pttBinary, ["demo", "deadlock", "--plain"])
        #expect(deadlock.status == 0, "\(deadlock.stderr)")
        #expect(!deadlock.stdout.contains("\u{1b}"))
        for text in [
            "deadlocked after", "T1 (TID", "holds A, wants B", "one lock order: 200,000 of 200,000", "hung on its copy",
        ] {
            #expect(deadlock.stdout.contains(text), "no '\(text)' in:\n\(deadlock.stdout)")
        }
        let threads = try runCommand(
            pttBinary, ["demo", "threads-overhead", "--plain", "--max", "100", "--connections", "100"])
        #expect(threads.status == 0, "\(threads.stderr)")
        #expect(!threads.stdout.contains("\u{1b}"))
        #expect(
            threads.stdout.contains("100 threads (each blocked in read(2)") && threads.stdout.contains("all joined"))
        #expect(threads.stdout.contains("every thread joined"), "\(threads.stdout)")
    }

    @Test("a recorded deadlock run replays its report, and its final screen, as recorded")
    func recordReplay() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json").path
        let recorded = try demoJSON(["deadlock", "--record", file])
        let replayed = try demoJSON(["deadlock", "--replay", file])
        #expect(NSDictionary(dictionary: recorded) == NSDictionary(dictionary: replayed))
        guard hasTmux else { return }
        let live = try TmuxSession(
            command: "\(shellQuote(pttBinary)) demo deadlock --record \(shellQuote(file)); sleep 30")
        try live.waitFor("[2 deadlocked]")
        try live.sendKeys("Space")
        let done = try live.waitFor(timeout: 15, settled: true) { $0.contains("[done]") && $0.contains("exited 0") }
        try live.sendKeys("q")
        #expect(within(5) { (try? String(contentsOfFile: file, encoding: .utf8))?.contains("\"done\"") ?? false })
        let replay = try TmuxSession(
            command: "\(shellQuote(pttBinary)) demo deadlock --replay \(shellQuote(file)); sleep 30")
        let playing = try replay.waitFor("replay of a run recorded on")
        #expect(playing.contains("replay of a run recorded on"))
        // No key: the replay goes on from the stuck pair when the recorded run did (Space would pause it).
        let again = try replay.waitFor(timeout: 15, settled: true) { $0.contains("[done]") && $0.contains("exited 0") }
        // Below the replay label, and above the status bar (elapsed time, notices), the screens agree.
        func body(_ screen: String) -> [Substring] {
            Array(screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).dropLast(2))
        }
        #expect(body(again) == body(done), "the replay ended elsewhere:\n\(again)\nrecorded:\n\(done)")
    }
}
