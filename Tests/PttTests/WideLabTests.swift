import Curriculum
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The lab screens at 200×60: two columns side by side, each at a readable
/// measure. (Their 80×24 layouts are the snapshots in the other suites.)
@Suite("Wide lab screens")
struct WideLabTests {
    static let wide = Size(width: 200, height: 60)

    /// The screen's lines, as the test canvas draws them.
    func lines(_ m: AppModel) -> [Substring] { view(m).text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// Whether some line holds `left` and, further right on it, `right`.
    func sideBySide(_ m: AppModel, _ left: String, _ right: String) -> Bool {
        lines(m).contains { line in
            guard let l = line.range(of: left), let r = line.range(of: right) else { return false }
            return l.upperBound <= r.lowerBound
        }
    }

    /// The column where `text` first appears on the screen, nil when it does not.
    func column(of text: String, in m: AppModel) -> Int? {
        for line in lines(m) {
            if let r = line.range(of: text) { return line.distance(from: line.startIndex, to: r.lowerBound) }
        }
        return nil
    }

    /// The widest run of non-blank text on any line, in characters.
    func widestText(_ m: AppModel) -> Int {
        lines(m).dropFirst().dropLast().map { line in
            line.split(separator: "    ", omittingEmptySubsequences: true).map {
                $0.trimmingCharacters(in: .whitespaces).count
            }.max() ?? 0
        }.max() ?? 0
    }

    @Test("the counter lab: the bars on the left, the figures and why on the right")
    func counter() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("race")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(
            .progress(
                CounterSnapshot(
                    kind: .race, perThreadDone: [400_000, 380_000], incrementsPerThread: 1_000_000,
                    counter: 500_000, expected: 2_000_000, elapsed: 1.5, finished: false, cancelled: false,
                    lostSoFar: 280_000, cpus: 2, pinned: true)))
        #expect(sideBySide(m, "2,000,000 expected", "of 780,000 increments done"))
        #expect((column(of: "T2 ", in: m) ?? 200) < 10)
        #expect((column(of: "lost updates", in: m) ?? 0) > 100)
        #expect((column(of: "Why:", in: m) ?? 0) > 100)
        #expect(widestText(m) <= 100)
    }

    @Test("the fork lab: the code and the boxes on the left, why on the right")
    func fork() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("fork")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(
            .finished(
                ForkReport(
                    parentPid: 100, childPid: 101, initialValue: 42, parentValue: 42, childValue: 99,
                    parentAddress: 0x55aa_0000_1000, childAddress: 0x55aa_0000_1000,
                    childExit: "exited with code 0")))
        #expect(sideBySide(m, "long value = 42;", "Why:"))
        #expect(lines(m).contains { $0.contains("PID 100") && $0.contains("PID 101") })
        #expect(widestText(m) <= 100)
    }

    @Test("the crash lab: (a) and (b) side by side")
    func crash() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("crash")
        _ = update(&m, .key(.character("s")))
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(.finished(ProcessLabScreenTests.crashReport))
        #expect(sideBySide(m, "(a) A process crashes", "(b) A thread crashes"))
        let text = view(m).text
        #expect(text.contains("status 0x000b = killed by SIGSEGV, no core dump"))
        #expect(text.contains("✓ all 4 threads died with it"))
        #expect(text.contains("$? = 139"))
    }

    @Test("the ipc lab: the processes and the channel on the left, the shell commands on the right")
    func ipc() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("ipc")
        _ = update(&m, .key(.character("s")))
        let fixtures = ProcessLabScreenTests()
        _ = m.labSays(.progress(fixtures.snapshot(produced: 1_000_000, consumed: 999_488, time: 1_000_000_000)))
        _ = m.labSays(.progress(fixtures.snapshot(produced: 1_500_000, consumed: 1_499_488, time: 1_500_000_000)))
        #expect(sideBySide(m, "PID 4244", "PID 4243"), "both boxes on one row, left column")
        #expect((column(of: "PID 4243", in: m) ?? 200) < 100)
        #expect((column(of: "See it from a shell", in: m) ?? 0) > 100)
        #expect(view(m).text.contains("512 of 1,024 items in flight"), "the count on one line")
        #expect(widestText(m) <= 100)
    }

    @Test("a measurement result: the figures on the left, the article's claims on the right")
    func measurement() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("switch")
        for _ in Predictions.for(lab: "switch") { _ = update(&m, .key(.character("s"))) }
        _ = m.labSays(.finished(handMadeSwitchReport()))
        #expect((column(of: "p50", in: m) ?? 200) < 100)
        #expect((column(of: "The article says / this machine", in: m) ?? 0) > 100)
        #expect(view(m).text.contains("Process context switch"))
    }

    @Test("the interleave game: wider thread columns, prose at 100 columns")
    func interleave() throws {
        let suite = InterleaveScreenTests()
        var narrow = try suite.game("lost-update", size: Size(width: 100, height: 60))
        var wide = try suite.game("lost-update", size: Self.wide)
        _ = suite.press(&narrow, "21")
        _ = suite.press(&wide, "21")
        func gap(_ m: AppModel) -> Int {
            let line = lines(m).first { $0.contains("1 T1 ") && $0.contains("2 T2 ") } ?? ""
            guard let a = line.range(of: "1 T1 "), let b = line.range(of: "2 T2 ") else { return 0 }
            return line.distance(from: a.lowerBound, to: b.lowerBound)
        }
        #expect(gap(wide) > gap(narrow) && gap(narrow) > 0, "the thread columns widen")
        #expect(widestText(wide) <= 100, "the prose keeps its measure")
    }

    @Test("the deadlock lab: the cycle and the code on the left, what it means on the right")
    func deadlock() throws {
        let fixtures = PitfallScreenTests()
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("deadlock")
        _ = m.labSays(.progress(fixtures.stuck(waited: 2500)))
        #expect(sideBySide(m, "T1 · TID 5101", "T2 · TID 5102"))
        #expect((column(of: "T2 · TID 5102", in: m) ?? 200) < 100)
        #expect((column(of: "Deadlocked:", in: m) ?? 0) > 100)
        #expect((column(of: "See it from a shell", in: m) ?? 0) > 100)
        #expect(view(m).text.contains("pthread_mutex_lock(&A); pthread_mutex_lock(&B);"), "the one-order line whole")
    }

    @Test("threads-overhead: the table on the left, what it means on the right")
    func threadsOverhead() throws {
        let fixtures = PitfallScreenTests()
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("threads-overhead")
        _ = m.labSays(.finished(fixtures.overheadReport()))
        #expect((column(of: "tasks in child", in: m) ?? 200) < 100)
        #expect((column(of: "Per thread", in: m) ?? 0) > 100)
        #expect(view(m).text.contains("1 → 10,001 → 1 ✓") && view(m).text.contains("10,000 connections"))
        #expect(widestText(m) <= 100)
    }

    @Test("the claims screen: the claims in two columns, the selection marked in either")
    func claims() throws {
        var m = model(try fixtureLibrary(), size: Self.wide)
        _ = m.openLab("claims")
        let results = ArticleClaims.evaluate(m.measurements)
        #expect(results.count > 1)
        let first = try #require(results.first).claim.says
        let last = try #require(results.last).claim.says
        #expect((column(of: "“\(first.prefix(30))", in: m) ?? 200) < 100)
        #expect((column(of: "“\(last.prefix(30))", in: m) ?? 0) > 100)
        #expect(column(of: "▸ “\(first.prefix(30))", in: m) != nil)
        for _ in results.dropFirst() { _ = update(&m, .key(.down)) }
        #expect((column(of: "▸ “\(last.prefix(30))", in: m) ?? 0) > 100, "the marker follows into the right column")
        #expect(view(m).text.components(separatedBy: "▸ “").count == 2, "one marker")
    }

    @Test("at 80 columns the home screen's hint bar keeps c continue")
    func homeKeepsContinue() throws {
        let library = try fixtureLibrary()
        var m = model(library)
        m.bank = fixtureBank(library)
        #expect(!m.bank.questions.isEmpty, "the quiz hint competes for the room")
        _ = update(&m, .key(.character("2")))
        _ = update(&m, .key(.character("q")))
        #expect(m.continueTarget != nil)
        let bar = try #require(lines(m).last(where: { !$0.isEmpty }))
        #expect(bar.contains("c continue"))
    }

    @Test("below 140 columns a lab keeps its single column")
    func narrowKeepsOneColumn() throws {
        #expect(labColumns(Rect(x: 0, y: 0, width: 139, height: 20)) == nil)
        let both = try #require(labColumns(Rect(x: 0, y: 0, width: 200, height: 20)))
        #expect(both.left.maxX < both.right.x && both.right.maxX <= 198 && both.left.x >= 2)
        #expect(both.left.width <= 100 && both.right.width == both.left.width)
    }
}
