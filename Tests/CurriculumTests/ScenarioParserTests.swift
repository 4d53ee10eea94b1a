import Foundation
import Testing

@testable import Curriculum

/// A scenario file with `program` in its fence; line 8 is the program's first line.
func scenarioFile(_ program: String, goal: String = "final x == 1", extraHeader: String = "") -> String {
    "---\nid: broken\ntitle: Broken\ngoal: \(goal)\nhint: h\n\(extraHeader)---\n```scenario\n\(program)```\n"
}

func scenarioDiagnostics(_ text: String) -> [String] {
    ScenarioParser.parse(text, file: "s.md").diagnostics.map(\.description)
}

@Suite("Scenario parser")
struct ScenarioParserTests {
    @Test("a good file gives the header, the prose, the program and the goal")
    func goodFile() throws {
        let text = """
            ---
            id: demo
            title: Demo
            goal: final x != 2
            hint: first
            hint: second
            ---
            Some **prose**.

            ```scenario
            shared x = 0   # the counter
            lock m

            thread A
              lock m
              load r x
              add r 1
              store x r
              unlock m
            end:
            ```

            After.
            """
        let result = ScenarioParser.parse(text, file: "demo.md")
        #expect(result.diagnostics == [])
        let scenario = try #require(result.scenario)
        #expect(scenario.id == "demo")
        #expect(scenario.hints == ["first", "second"])
        #expect(scenario.goal == .final(variable: 0, .notEqual, 2))
        #expect(scenario.goalText == "final x != 2")
        #expect(scenario.prose == [.paragraph([Span("Some "), Span("prose", .strong), Span(".")])])
        #expect(scenario.afterword == [.paragraph([Span("After.")])])
        let thread = try #require(scenario.program.threads.first)
        #expect(thread.name == "A")
        #expect(
            thread.instructions == [
                .lock(0), .load(register: 0, variable: 0), .add(register: 0, amount: 1),
                .store(variable: 0, register: 0), .unlock(0),
            ])
        #expect(thread.texts == ["lock m", "load r x", "add r 1", "store x r", "unlock m"])
        #expect(thread.lines == [15, 16, 17, 18, 19])
        #expect(thread.labels == ["end": 5])
        #expect(scenario.program.initialValues == [0])
    }

    @Test(
        "each mistake in a program is named with its line",
        arguments: [
            (
                "thread T\n  lod r x\n",
                "s.md:10: unknown instruction 'lod' (known: load, store, add, set, inc, lock, unlock, wait, notify, if, goto, critical, end critical)"
            ),
            ("thread T\n  goto nowhere\n", "s.md:10: undefined label 'nowhere' in T"),
            ("thread T\n  load r y\n", "s.md:10: undefined variable 'y'"),
            ("thread T\n  lock m\n", "s.md:10: undefined lock 'm' (declare it with 'lock m')"),
            ("lock m\nthread T\n  unlock m\n", "s.md:11: unlock m: T cannot hold m here"),
            ("lock m\nthread T\n  lock m\n  unlock m\n  unlock m\n", "s.md:13: unlock m: T cannot hold m here"),
            ("thread T\n  store x q\n", "s.md:10: register 'q' is never set in T (load or add into it first)"),
            ("thread T\n  if z == 0 goto t\nt:\n", "s.md:10: undefined variable or register 'z'"),
            ("thread T\n  if x =< 0 goto t\nt:\n", "s.md:10: unknown comparison '=<' (known: ==, !=, <, <=, >, >=)"),
            ("thread T\n  add r one\n", "s.md:10: 'one' is not an integer"),
            ("thread T\n  load r\n", "s.md:10: expected 'load REGISTER VARIABLE'"),
            ("thread T\nt:\nt:\n  inc x\n", "s.md:11: label 't' is already used on line 10"),
            ("shared x = 1\nthread T\n  inc x\n", "s.md:9: 'x' is already declared as a shared variable on line 8"),
            ("shared y\nthread T\n  inc x\n", "s.md:9: expected 'shared NAME = N' (N an integer)"),
            ("  inc x\nthread T\n  inc x\n", "s.md:9: indented line outside a thread (start one with 'thread NAME')"),
            (
                "thread T\ninc x\n",
                "s.md:9: thread 'T' has no instructions\ns.md:10: 'inc x' must be indented under a 'thread NAME' line"
            ),
            ("thread T\n", "s.md:9: thread 'T' has no instructions"),
            ("thread T\n  inc x\nthread T\n  inc x\n", "s.md:11: thread 'T' is already declared on line 9"),
            ("thread T\n  end loop\n", "s.md:10: unknown instruction 'end loop' (did you mean 'end critical'?)"),
            ("cond c\nlock m\nthread T\n  wait c m\n", "s.md:12: wait needs m held: T cannot hold m here"),
            ("thread T\n  wait c m\n", "s.md:10: undefined condition 'c' (declare it with 'cond c')"),
            ("lock m\nthread T\n  load m x\n", "s.md:11: 'm' is a lock, not a register"),
            ("lock m\nthread T\n  inc m\n", "s.md:11: 'm' is a lock, not a shared variable"),
            ("mutex m\nthread T\n  inc x\n", "s.md:9: unknown declaration 'mutex' (known: shared, lock, cond, thread)"),
            ("", "s.md:8: the program has no threads (add 'thread NAME' and indented instructions)"),
        ])
    func programMistakes(program: String, expected: String) {
        let text = scenarioFile("shared x = 0\n" + program)
        #expect(scenarioDiagnostics(text) == expected.split(separator: "\n").map(String.init))
        #expect(ScenarioParser.parse(text, file: "s.md").scenario == nil)
    }

    @Test(
        "a goal that names nothing is an error on the goal's line",
        arguments: [
            ("final y == 1", "s.md:4: goal names 'y', which is not a shared variable of the program"),
            ("deadlock", "s.md:4: goal 'deadlock' names nothing that can block (no lock or wait in the program)"),
            ("both critical", "s.md:4: goal 'both critical' needs two threads with a 'critical' section"),
            ("final x", "s.md:4: expected 'goal: final VARIABLE == N' (or !=, <, <=, >, >=)"),
            ("final x ~ 1", "s.md:4: unknown comparison '~' in the goal (known: ==, !=, <, <=, >, >=)"),
            (
                "x breaks",
                "s.md:4: unknown goal 'x breaks' (known: final VAR == N, final VAR != N, ever VAR OP N, deadlock, both critical)"
            ),
        ])
    func goalMistakes(goal: String, expected: String) {
        #expect(scenarioDiagnostics(scenarioFile("shared x = 0\nthread T\n  inc x\n", goal: goal)) == [expected])
    }

    @Test("the header, the fence and the prose are checked like a lesson's")
    func headerAndFence() {
        #expect(
            scenarioDiagnostics("---\nid: a\ntitle: A\ngoal: deadlock\n---\nJust prose.\n") == [
                "s.md:6: missing ```scenario fence (the program: shared variables, locks and threads)"
            ])
        #expect(
            scenarioDiagnostics("Just prose.\n") == [
                "s.md:1: missing header (the file must start with '---', 'id: …', 'title: …', 'goal: …', 'hint: …', '---')",
                "s.md:1: missing ```scenario fence (the program: shared variables, locks and threads)",
            ])
        #expect(
            scenarioDiagnostics(scenarioFile("shared x = 0\nthread T\n  inc x\n", extraHeader: "level: 3\n")) == [
                "s.md:6: unknown header key 'level' (known: id, title, goal, hint)"
            ])
        let noGoal = "---\nid: a\ntitle: A\n---\n```scenario\nshared x = 0\nthread T\n  inc x\n```\n"
        #expect(scenarioDiagnostics(noGoal) == ["s.md:1: header has no goal"])
        let twoFences = scenarioFile("shared x = 0\nthread T\n  inc x\n") + "```scenario\nthread U\n  goto u\n```\n"
        #expect(scenarioDiagnostics(twoFences) == ["s.md:12: a second ```scenario fence (a scenario has one program)"])
        let unclosed = "---\nid: a\ntitle: A\ngoal: final x == 1\n---\n```scenario\nshared x = 0\nthread T\n  inc x\n"
        #expect(scenarioDiagnostics(unclosed) == ["s.md:6: scenario fence is not closed (no ``` line after it)"])
        let badProse = scenarioFile("shared x = 0\nthread T\n  inc x\n") + "> [!FOO]\n> x\n"
        #expect(
            scenarioDiagnostics(badProse) == [
                "s.md:12: unknown callout '[!FOO]' (known: NOTE, TIP, IMPORTANT, WARNING, CAUTION)"
            ])
        let tab = scenarioFile("shared x = 0\nthread T\n\tinc x\n")
        #expect(scenarioDiagnostics(tab) == ["s.md:10: tab character in the program (use spaces)"])
    }

    @Test("several mistakes are all reported, in line order")
    func allMistakes() {
        let text = scenarioFile("thread T\n  lod r x\n  goto nowhere\n  load r y\n", goal: "final q == 1")
        #expect(
            scenarioDiagnostics(text) == [
                "s.md:4: goal names 'q', which is not a shared variable of the program",
                "s.md:9: unknown instruction 'lod' (known: load, store, add, set, inc, lock, unlock, wait, notify, if, goto, critical, end critical)",
                "s.md:10: undefined label 'nowhere' in T",
                "s.md:11: undefined variable 'y'",
            ])
    }

    @Test("at most nine threads")
    func tooManyThreads() {
        let threads = (1...10).map { "thread T\($0)\n  inc x\n" }.joined()
        #expect(
            scenarioDiagnostics(scenarioFile("shared x = 0\n" + threads)) == [
                "s.md:27: at most 9 threads (the game steps them with the keys 1–9)"
            ])
    }

    @Test("the library reads files in name order; a broken file and a duplicate id hide nothing else")
    func library() throws {
        let good = { (id: String) in
            Data(
                "---\nid: \(id)\ntitle: T\ngoal: final x == 1\nhint: h\n---\n```scenario\nshared x = 0\nthread T\n  inc x\n```\n"
                    .utf8)
        }
        try withLessonDirectory([:]) { lessons in
            let directory = lessons + "/scenarios"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let files: [String: Data] = [
                "02-b.md": good("b"),
                "01-a.md": good("a"),
                "03-broken.md": Data(scenarioFile("shared x = 0\nthread T\n  lod x\n").utf8),
                "04-again.md": good("a"),
                "05-c.md": good("c"),
                "README.md": Data("# Scenarios\n".utf8),
                "06-latin1.md": Data([0xff, 0xfe]),
            ]
            for (name, data) in files { try data.write(to: URL(fileURLWithPath: directory + "/" + name)) }
            let library = try ScenarioLibrary.load(lessonsDirectory: lessons)
            #expect(library.scenarios.map(\.id) == ["a", "b", "c"])
            #expect(
                library.skippedFiles == ["03-broken.md", "04-again.md", "06-latin1.md"].map { directory + "/" + $0 })
            #expect(
                library.diagnostics.map(\.description) == [
                    "\(directory)/03-broken.md:10: unknown instruction 'lod' (known: load, store, add, set, inc, lock, unlock, wait, notify, if, goto, critical, end critical)",
                    "\(directory)/04-again.md:2: duplicate scenario id 'a' (already used by \(directory)/01-a.md)",
                    "\(directory)/06-latin1.md:1: file is not valid UTF-8",
                ])
        }
    }

    @Test("a lessons directory without a scenarios folder has no scenarios; an empty folder is an error")
    func missingFolder() throws {
        try withLessonDirectory(["01-a.md": lesson("a")]) { lessons in
            #expect(try ScenarioLibrary.load(lessonsDirectory: lessons).scenarios.isEmpty)
            try FileManager.default.createDirectory(atPath: lessons + "/scenarios", withIntermediateDirectories: true)
            #expect(throws: LessonLibraryError.noLessons(lessons + "/scenarios")) {
                try ScenarioLibrary.load(lessonsDirectory: lessons)
            }
        }
    }
}

@Suite("Order replay")
struct OrderReplayTests {
    let machine: SchedulerMachine

    init() throws {
        machine = try scenario(loadAddStore, goal: "final counter != 2").machine
    }

    @Test("the textbook order loses one update")
    func textbook() throws {
        let replay = try machine.replay("1,2,1,2,1,2")
        #expect(replay.steps == 6)
        #expect(replay.finished)
        #expect(replay.goalReached)
        #expect(replay.state.values == [1])
        #expect(replay.lostUpdates == 1)
        let serial = try machine.replay(" 1, 1 ,1,2,2,2 ")
        #expect(!serial.goalReached)
        #expect(serial.lostUpdates == 0)
    }

    @Test("a partial order replays what it has")
    func partial() throws {
        let replay = try machine.replay("2")
        #expect(replay.steps == 1)
        #expect(!replay.finished && !replay.goalReached)
        #expect(replay.state.threads[1].pc == 1)
    }

    @Test(
        "a bad order is an error naming the step",
        arguments: [
            ("", OrderError.empty), ("  ", .empty), (",", .emptyStep(position: 1)), ("1,,2", .emptyStep(position: 2)),
            ("1,2,", .emptyStep(position: 3)), ("1,x", .notAThreadNumber(position: 2, text: "x")),
            ("1,-1", .notAThreadNumber(position: 2, text: "-1")),
            ("3", .noSuchThread(position: 1, thread: 3, threadCount: 2)),
            ("0", .noSuchThread(position: 1, thread: 0, threadCount: 2)),
            ("1,1,1,1", .threadFinished(position: 4, thread: 1)),
            ("99999999999999999999999", .notAThreadNumber(position: 1, text: "99999999999999999999")),
        ])
    func badOrders(order: String, error: OrderError) {
        #expect(throws: error) { try machine.replay(order) }
    }

    @Test("a step for a blocked thread names the lock and who holds it")
    func blocked() throws {
        let locked = try ShippedScenarios.scenario("with-lock").machine
        #expect(
            throws: OrderError.threadBlocked(position: 2, thread: 2, reason: "waits for lock m, held by thread 1 (T1)")
        ) {
            try locked.replay("1,2")
        }
        #expect(
            OrderError.threadBlocked(position: 2, thread: 2, reason: "waits for lock m, held by thread 1 (T1)")
                .description
                == "step 2 of the order runs thread 2, which cannot run: it waits for lock m, held by thread 1 (T1)")
    }

    @Test("once every thread has finished the rest of a long order is not read, only its next step")
    func longOrder() throws {
        let long = "1,1,1,2,2,2," + String(repeating: "1,", count: 16_000)
        var seen = 0
        #expect(throws: OrderError.threadFinished(position: 7, thread: 1)) {
            try machine.replay(long) { _, _ in seen += 1 }
        }
        #expect(seen == 6)
    }

    @Test("the replay report carries the final values and lostUpdates, null when meaningless")
    func report() throws {
        let lost = try ShippedScenarios.scenario("lost-update")
        let report = ReplayReport(scenario: lost, replay: try lost.machine.replay("1,2,1,2,1,2"))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(json["lab"] as? String == "interleave")
        #expect(json["scenario"] as? String == "lost-update")
        #expect(json["steps"] as? Int == 6)
        #expect(json["values"] as? [String: Int] == ["counter": 1])
        #expect(json["goalReached"] as? Bool == true)
        #expect(json["lostUpdates"] as? Int == 1)

        let flags = try ShippedScenarios.scenario("flags")
        let flagsReport = ReplayReport(scenario: flags, replay: try flags.machine.replay("1"))
        let flagsJSON = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(flagsReport)) as? [String: Any])
        #expect(flagsJSON["lostUpdates"] is NSNull)
    }

    @Test("twice each: the hint's order loses two updates")
    func twiceEachLost() throws {
        let machine = try ShippedScenarios.scenario("twice-each").machine
        // T1 load; T2 a whole round and its next load; T1 both rounds; T2 add, store.
        let replay = try machine.replay("1,2,2,2,2,1,1,1,1,1,2,2")
        #expect(replay.state.values == [2])
        #expect(replay.lostUpdates == 2)
        #expect(replay.goalReached)
    }
}

@Suite("Scheduler machine")
struct SchedulerMachineTests {
    @Test("stepping one thread at a time: enabled threads, next instructions, blocking and undo by keeping states")
    func stepByStep() throws {
        let machine = try ShippedScenarios.scenario("with-lock").machine
        var history = [machine.initialState]
        #expect(machine.enabledThreads(in: history[0]) == [0, 1])
        #expect(machine.nextInstructionText(of: 0, in: history[0]) == "lock m")
        history.append(try #require(machine.step(0, from: history.last!)))
        #expect(machine.enabledThreads(in: history.last!) == [0])
        #expect(machine.readiness(of: 1, in: history.last!) == .waitingForLock(lock: 0, owner: 0))
        #expect(machine.step(1, from: history.last!) == nil)
        #expect(machine.nextInstructionText(of: 0, in: history.last!) == "load r counter")
        history.removeLast()  // undo
        #expect(machine.enabledThreads(in: history.last!) == [0, 1])
    }

    @Test("wait releases the lock and sleeps; notify wakes; waking takes the lock again")
    func waitAndNotify() throws {
        let machine = try ShippedScenarios.scenario("lost-wakeup").machine
        // Waiter: if, lock, wait (asleep, m free).
        var state = machine.initialState
        for thread in [0, 0, 0] { state = try #require(machine.step(thread, from: state)) }
        #expect(machine.readiness(of: 0, in: state) == .waitingForNotify(condition: 0))
        #expect(state.lockOwners == [nil])
        // Notifier: set, lock, notify: the waiter wakes but m is held.
        for thread in [1, 1, 1] { state = try #require(machine.step(thread, from: state)) }
        #expect(state.threads[0].status == .woken)
        #expect(machine.readiness(of: 0, in: state) == .waitingForLock(lock: 0, owner: 1))
        state = try #require(machine.step(1, from: state))  // unlock
        state = try #require(machine.step(0, from: state))  // wakes with m
        #expect(state.lockOwners == [0])
        #expect(machine.nextInstructionText(of: 0, in: state) == "unlock m")
    }

    @Test("a repeated state on the game's path is named as a livelock")
    func livelock() throws {
        let machine = try ShippedScenarios.scenario("flags").machine
        // T1 checks flag2 and raises flag1; T2's check then jumps back to itself.
        var states = [machine.initialState]
        var order: [Int] = []
        for thread in [0, 0] {
            states.append(try #require(machine.step(thread, from: states.last!)))
            order.append(thread)
            #expect(Livelock.detect(states: states, order: order) == nil)
        }
        states.append(try #require(machine.step(1, from: states.last!)))
        order.append(1)
        #expect(Livelock.detect(states: states, order: order) == Livelock(firstSeen: 2, repeatedAt: 3, threads: [1]))
    }

    @Test("an unlock of a lock held by another thread faults the thread, which then cannot run")
    func fault() throws {
        let s = try scenario(
            """
            lock m
            shared x = 0

            thread T1
              lock m
              inc x

            thread T2
              if x == 0 goto skip
              lock m
            skip:
              unlock m

            """, goal: "final x == 1")
        // T2 may hold m (after its lock), so the parser accepts the unlock; at run time it may not.
        var state = try #require(s.machine.step(0, from: s.machine.initialState))  // T1 takes m
        state = try #require(s.machine.step(1, from: state))  // T2: x == 0, jumps to skip
        state = try #require(s.machine.step(1, from: state))  // T2: unlock m, not its own
        #expect(s.machine.readiness(of: 1, in: state) == .faulted)
        #expect(state.lockOwners == [0])
        #expect(!s.machine.isDeadlocked(state))
    }
}

@Suite("Scenario lookup")
struct ScenarioLookupTests {
    @Test("--scenario takes an id or a file")
    func idOrFile() throws {
        let lessons = ShippedScenarios.lessonsDirectory
        #expect(try ScenarioLibrary.find("peterson", lessonsDirectory: lessons).id == "peterson")
        let path = lessons + "/scenarios/02-lost-update.md"
        #expect(try ScenarioLibrary.find(path, lessonsDirectory: "/nonexistent").id == "lost-update")
        #expect(throws: ScenarioLookupError.self) { try ScenarioLibrary.find("nope", lessonsDirectory: lessons) }
        do {
            _ = try ScenarioLibrary.find("nope", lessonsDirectory: lessons)
        } catch {
            #expect(error.description.hasPrefix("no scenario 'nope' (known: take-turns, lost-update,"))
        }
        #expect(
            throws: ScenarioLookupError.broken([
                Diagnostic(
                    file: "/nonexistent/x.md", line: 1,
                    message: "cannot open: open failed: ENOENT (no such file or directory)")
            ])
        ) {
            try ScenarioLibrary.find("/nonexistent/x.md", lessonsDirectory: lessons)
        }
    }
}

@Suite("Scenario parser, hostile input")
struct ScenarioHostileInputTests {
    @Test("a control character is an error, and no message carries it raw")
    func controlCharacters() {
        let text = scenarioFile("shared x = 0\nthread T\n  lod\u{1B}[2J x\n")
        let messages = scenarioDiagnostics(text)
        #expect(
            messages.contains(
                "s.md:10: control character \\x1b (ESC) in the text (not allowed: a terminal would act on it)"))
        #expect(messages.allSatisfy { !$0.unicodeScalars.contains("\u{1B}") })
        #expect(messages.contains { $0.contains("lod\\x1b[2J") })
    }

    @Test("control characters are reported as in lessons: one per line, file:line, C1 and DEL too")
    func controlCharactersLikeLessons() {
        let text = scenarioFile("shared x = 0\nthread T\n  inc x\n") + "Prose with \u{9B}31m and \u{7F} twice.\n"
        let result = ScenarioParser.parse(text, file: "s.md")
        #expect(result.scenario == nil)
        let controls = result.diagnostics.filter { $0.message.hasPrefix("control character") }
        #expect(controls == ControlCharacters.diagnostics(in: text, file: "s.md"))
        #expect(controls.map(\.line) == [12])
        #expect(controls.first?.message.contains("\\u{9b} (CSI) and 1 more") == true)
    }

    @Test("a tab or a CRLF line ending is no control character")
    func tabAndCRLF() {
        let text = scenarioFile("shared x = 0\nthread T\n  inc x\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(!scenarioDiagnostics(text).contains { $0.contains("control character") })
    }
}

@Suite("Scenario files are read safely", .serialized)
struct ScenarioFileSafetyTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a FIFO as a scenario file is refused at once, not waited on")
    func fifo() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("01-x.md").path
        #expect(mkfifo(path, 0o600) == 0)
        let result = ScenarioLibrary.load(file: path)
        #expect(result.scenario == nil)
        #expect(result.diagnostics.map(\.description) == ["\(path):1: not a regular file (it is a FIFO)"])
    }

    @Test("a symlink to /dev/zero is refused, not read until memory runs out")
    func devZero() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("01-x.md").path
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        #expect(
            ScenarioLibrary.load(file: path).diagnostics.map(\.message) == [
                "not a regular file (it is a character device)"
            ])
    }

    @Test("a file over the lesson limit is refused, naming the limit")
    func tooLarge() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("01-x.md").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(SafeFile.lessonLimit + 1)) == 0)
        #expect(ScenarioLibrary.load(file: path).diagnostics.map(\.message) == ["larger than the 16 MiB limit"])
    }

    @Test("a scenarios folder that is a symlink loop is reported, not taken as no scenarios")
    func folderLoop() throws {
        let lessons = try scratch()
        defer { try? FileManager.default.removeItem(at: lessons) }
        let folder = lessons.appendingPathComponent("scenarios").path
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: folder)
        #expect(throws: LessonLibraryError.unreadableDirectory(folder)) {
            try ScenarioLibrary.load(lessonsDirectory: lessons.path)
        }
        // No folder at all is still no scenarios.
        try FileManager.default.removeItem(atPath: folder)
        #expect(try ScenarioLibrary.load(lessonsDirectory: lessons.path).scenarios.isEmpty)
    }
}
