import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The prediction step every lab asks before it runs, on the test canvas:
/// asked, refused when impossible, checked after the run, asked again when
/// the settings change, and kept as a quiz card when the machine says otherwise.
@Suite("Predictions before the labs")
struct PredictionScreenTests {
    /// The quiz model (fixed clock) with `lab` open in front.
    func opened(_ lab: String) throws -> (AppModel, [Effect]) {
        var m = try quizModel()
        let effects = m.openLab(lab)
        return (m, effects)
    }

    static let fork = ForkReport(
        parentPid: 100, childPid: 101, initialValue: 42, parentValue: 42, childValue: 99,
        parentAddress: 0x55aa_0000_1000, childAddress: 0x55aa_0000_1000, childExit: "exited with code 0")

    func ipcReport(_ transport: IPCTransport, seconds: Double, size: Int = 64) -> IPCReport {
        IPCReport(
            transport: transport, items: 1_000_000, size: size, produced: 1_000_000, consumed: 1_000_000, lost: 0,
            outOfOrder: 0, parentPid: 4242, producerPid: 4244, consumerPid: 4243, seconds: seconds, completed: true,
            producerEnded: "finished", consumerEnded: "finished", producerExit: "exited with code 0",
            consumerExit: "exited with code 0")
    }

    func counterReport(final: Int, threads: Int = 2) -> CounterReport {
        CounterReport(
            lab: .race, threads: threads, incrementsPerThread: 1_000_000, expected: threads * 1_000_000, final: final,
            lost: threads * 1_000_000 - final, seconds: 3, nsPerIncrement: 1.5, cpus: 2, pinned: true,
            cancelled: false, pacedSeconds: nil)
    }

    /// Runs the counter's watched and full-speed runs to a final count.
    func finishCounter(_ m: inout AppModel, final: Int) -> [Effect] {
        _ = m.labSays(.finished(counterReport(final: final, threads: m.counter!.threads)))
        return m.labSays(.finished(counterReport(final: final, threads: m.counter!.threads)))
    }

    func words(_ canvas: Canvas) -> String { canvas.text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    // MARK: - Fork

    @Test("fork asks what the parent reads (42 / 99 / something else) and forks only once answered")
    func forkAsks() throws {
        var (m, effects) = try opened("fork")
        #expect(started(effects).isEmpty && !m.needsTicks)
        try assertSnapshot(view(m), named: "fork-predict-80x24")
        #expect(view(m).text.contains("1-3 choose") && view(m).text.contains("s skip"))
        #expect(started(update(&m, .key(.character("7")))).isEmpty, "no such choice")
        #expect(started(update(&m, .key(.character("2")))) == ["fork"])
        let after = m.labSays(.finished(Self.fork))
        #expect(after == [.saveProgress])
        let screen = words(view(m))
        #expect(screen.contains("Prediction: you predicted 99: wrong ✗ (the machine said 42)"), "\(screen)")
        let card = try #require(m.progress.predictionQuestions.first)
        #expect(card.lab == "fork")
        #expect(card.prompt.map(\.text).joined() == "You predicted 99; the machine said 42. Why?")
        // Running it again checks the same prediction; the card is not made twice.
        #expect(started(update(&m, .key(.character("r")))) == ["fork"])
        #expect(m.labSays(.finished(Self.fork)).isEmpty)
        #expect(m.progress.predictionQuestions.count == 1)
    }

    // MARK: - Crash

    @Test("crash asks two questions, then crashes; both are checked against the report")
    func crashAsks() throws {
        var (m, effects) = try opened("crash")
        #expect(started(effects).isEmpty)
        try assertSnapshot(view(m), named: "crash-predict-80x24")
        #expect(started(update(&m, .key(.character("1")))).isEmpty)
        #expect(view(m).text.contains("question 2 of 2"))
        #expect(words(view(m)).contains("Does the process survive?"))
        #expect(started(update(&m, .key(.character("2")))) == ["crash"])
        #expect(m.labSays(.finished(ProcessLabScreenTests.crashReport)).isEmpty, "both right: no card")
        let screen = words(view(m))
        #expect(screen.contains("Prediction (a): you predicted yes, ptt goes on: right ✓"))
        #expect(screen.contains("Prediction (b): you predicted no, the whole process dies: right ✓"))
        #expect(m.progress.predictionMisses.isEmpty)
    }

    @Test("a wrong crash prediction is its own card, named by its question")
    func crashMiss() throws {
        var (m, _) = try opened("crash")
        _ = update(&m, .key(.character("1")))
        _ = update(&m, .key(.character("1")))  // "the other threads go on": wrong
        #expect(m.labSays(.finished(ProcessLabScreenTests.crashReport)) == [.saveProgress])
        #expect(Array(m.progress.predictionMisses.keys) == ["prediction-crash-question-thread-crash"])
        #expect(words(view(m)).contains("you predicted yes, the other threads go on: wrong ✗"))
    }

    // MARK: - IPC

    @Test("ipc asks which transport is fastest and says it can only check once all three have run")
    func ipcAsks() throws {
        var (m, effects) = try opened("ipc")
        #expect(started(effects).isEmpty)
        try assertSnapshot(view(m), named: "ipc-predict-80x24")
        #expect(view(m).text.contains("Which transport moves the most 64-byte items per second?"))
        #expect(started(update(&m, .key(.character("2")))).count == 1)  // socket
        #expect(m.labSays(.finished(ipcReport(.pipe, seconds: 0.8))).isEmpty)
        #expect(words(view(m)).contains("you predicted socket · checked once all three have run"))
        #expect(words(view(m)).contains("still to run: socket, shm"))
        for (transport, seconds) in [(IPCTransport.socket, 1.0), (.shm, 0.1)] {
            #expect(started(update(&m, .key(.character("t")))).count == 1, "t runs the next transport")
            #expect(m.ipc?.transport == transport)
            let after = m.labSays(.finished(ipcReport(transport, seconds: seconds)))
            #expect(after == (transport == .shm ? [.saveProgress] : []))
        }
        #expect(words(view(m)).contains("you predicted socket: wrong ✗ (the machine said shm)"))
    }

    @Test("another item size is another question: z asks again before it runs")
    func ipcSizeAsksAgain() throws {
        var (m, _) = try opened("ipc")
        _ = update(&m, .key(.character("3")))
        let effects = update(&m, .key(.character("z")))
        #expect(stops(effects) == 1 && started(effects).isEmpty)
        #expect(m.ipc?.predict.isAsking == true && m.ipc?.predict.configuration == ["size": "4096"])
        #expect(view(m).text.contains("Which transport moves the most 4 KiB items per second?"))
        #expect(!m.needsTicks)
        #expect(started(update(&m, .key(.character("1")))).count == 1)
    }

    // MARK: - Memory

    @Test("memory asks how much of a thread stack is resident before it starts; the real report checks it")
    func memoryAsks() throws {
        var (m, effects) = try opened("memory")
        #expect(started(effects).isEmpty && !m.needsTicks)
        try assertSnapshot(view(m), named: "memory-predict-80x24")
        #expect(view(m).text.contains("1-4 choose"))
        #expect(started(update(&m, .key(.character("3")))) == [String(describing: MemoryConfig(threads: 2))])
        let lab = try MemoryLab.start(MemoryConfig(threads: 2))
        defer { lab.stop() }
        let report = lab.report()
        _ = m.labSays(.progress(report))
        let stack = try #require(report.threadStacks.first)
        let rss = try #require(stack.rss)
        let measured = try #require(MemoryLabState.residentChoice(rss: rss, size: stack.size))
        let screen = words(view(m))
        let right = measured == MemoryLabState.residentChoices[2]
        #expect(screen.contains("you predicted a few KiB to tens of KiB: " + (right ? "right" : "wrong")), "\(screen)")
        #expect((m.progress.predictionMisses.isEmpty) == right)
    }

    // MARK: - Counters

    @Test("the counter asks for a number; an impossible one is refused with the valid range")
    func counterRefusesImpossible() throws {
        var (m, _) = try opened("race")
        try assertSnapshot(view(m), named: "race-predict-80x24")
        for c in "3000000" { _ = update(&m, .key(.character(c))) }
        #expect(started(update(&m, .key(.enter))).isEmpty)
        #expect(m.counter?.phase == .predicting)
        #expect(view(m).text.contains("3,000,000 is impossible here: enter a value from 0 to 2,000,000"))
        for _ in 0..<7 { _ = update(&m, .key(.backspace)) }
        for c in "1900000" { _ = update(&m, .key(.character(c))) }
        #expect(started(update(&m, .key(.enter))).count == 1)
        _ = finishCounter(&m, final: 1_800_000)
        #expect(words(view(m)).contains("Prediction: you predicted 1,900,000: right ✓ (off by 6 %, within 10 %)"))
        #expect(m.progress.predictionMisses.isEmpty)
    }

    @Test("a prediction belongs to its settings: + and l ask again, r keeps it")
    func counterResets() throws {
        var (m, _) = try opened("race")
        for c in "1500000" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        _ = finishCounter(&m, final: 1_500_000)
        #expect(started(update(&m, .key(.character("r")))).count == 1, "same settings: runs at once")
        #expect(m.counter?.predict.prediction(0)?.value == .number(1_500_000))
        let more = update(&m, .key(.character("+")))
        #expect(stops(more) == 1 && started(more).isEmpty)
        #expect(m.counter?.phase == .predicting && m.counter?.predict.made.isEmpty == true)
        #expect(view(m).text.contains("Type a number from 0 to 3,000,000"))
        #expect(!view(m).text.contains("you predicted 1,500,000"))
        _ = update(&m, .key(.character("s")))
        let next = update(&m, .key(.character("l")))
        #expect(m.counter?.kind == .locked && started(next).isEmpty)
        #expect(m.counter?.predict.configuration == ["kind": "locked", "threads": "3", "increments": "1000000"])
    }

    // MARK: - The quiz card

    @Test("a wrong prediction is a quiz card, due the next day, answered by the lab's explanation; o opens the lab")
    func missBecomesCard() throws {
        var (m, _) = try opened("race")
        for c in "2000000" { _ = update(&m, .key(.character(c))) }
        _ = update(&m, .key(.enter))
        #expect(finishCounter(&m, final: 1_200_000) == [.saveProgress])
        #expect(words(view(m)).contains("you predicted 2,000,000: off by 67 %"))
        let id = "prediction-race-increments-1000000-kind-race-threads-2"
        #expect(m.progress.predictionMisses[id] != nil)
        var tomorrow = try quizModel(now: quizNow.addingTimeInterval(86400), progress: m.progress)
        #expect(view(tomorrow).text.contains("1 due now"), "the home screen counts the card")
        tomorrow.stack = []
        _ = tomorrow.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        let round = try #require(tomorrow.quiz?.round)
        #expect(round.items.first?.question.id == id, "due before new questions")
        #expect(round.items.first?.reason == .due)
        let asked = words(view(tomorrow))
        #expect(asked.contains("You predicted 2,000,000; the machine said 1,200,000. Why?"))
        _ = update(&tomorrow, .key(.enter))
        try assertSnapshot(view(tomorrow), named: "quiz-prediction-card-80x24")
        let revealed = words(view(tomorrow))
        #expect(revealed.contains(CounterKind.race.explanation))
        #expect(revealed.contains("o opens the lab race"))
        _ = update(&tomorrow, .key(.character("o")))
        #expect(tomorrow.route == .counter)
        _ = update(&tomorrow, .key(.character("q")))
        #expect(tomorrow.route == .quiz)
    }

    @Test("p grades an open question partly: recorded as hard, counted as passed, shown as partly")
    func partly() throws {
        var m = try quizModel()
        _ = m.openQuiz(level: nil, section: "two", practice: false, limit: 10)
        _ = update(&m, .key(.enter))
        #expect(view(m).text.contains("p partly"))
        #expect(update(&m, .key(.character("p"))) == [.saveProgress])
        #expect(m.progress.quiz.history.last?.grade == .hard)
        #expect(m.quiz?.round.answers.last?.grade == .hard)
        #expect(m.quiz?.round.answers.last?.correct == true)
        #expect(view(m).text.contains("◐ Partly."))
        let card = try #require(m.progress.quiz.cards[m.quiz!.round.answers.last!.question.id])
        var other = try quizModel()
        _ = other.openQuiz(level: nil, section: "two", practice: false, limit: 10)
        _ = update(&other, .key(.enter))
        _ = update(&other, .key(.character("y")))
        let yes = try #require(other.progress.quiz.cards[other.quiz!.round.answers.last!.question.id])
        #expect(card.due < yes.due, "partly comes back sooner than yes")
    }
}
