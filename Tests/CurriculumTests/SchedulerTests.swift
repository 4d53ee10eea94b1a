import Foundation
import Testing

@testable import Curriculum

/// 2025-03-10 15:00 UTC, a Monday afternoon: every test starts here, never from the wall clock.
let monday = Date(timeIntervalSince1970: 1_741_618_800)
let utcDay = ReviewDay(timeZone: TimeZone(identifier: "UTC")!, startHour: 4)

func days(_ n: Double) -> TimeInterval { n * 86400 }

func sampleQuestion(_ id: String, level: QuizLevel = .beginner, section: String = "process") -> QuizQuestion {
    QuizQuestion(
        id: id, level: level, section: section, prompt: [Span("Q \(id)?")],
        choices: [
            .init(text: [Span("right")], isRight: true),
            .init(text: [Span("wrong")], isRight: false, explanation: [Span("because")]),
        ], answer: [.paragraph([Span("A.")])], keyPoints: [[Span("a")], [Span("b")]])
}

func sampleBank(_ ids: [String]) -> QuizBank {
    QuizBank(questions: ids.map { sampleQuestion($0) })
}

@Suite("Review schedule")
struct SchedulerTests {
    static let schedulers: [any ReviewScheduler] = [FSRSScheduler(day: utcDay), LeitnerScheduler(day: utcDay)]

    @Test("a wrong answer comes back sooner than a right one", arguments: [0, 1])
    func wrongSooner(scheduler index: Int) {
        let scheduler = Self.schedulers[index]
        // First answers.
        let wrong = scheduler.review(nil, grade: .again, at: monday)
        let right = scheduler.review(nil, grade: .good, at: monday)
        #expect(wrong.due < right.due)
        // And after a few right answers, a lapse again falls well short of another right answer.
        var card = right
        for _ in 0..<3 { card = scheduler.review(card, grade: .good, at: card.due) }
        let lapse = scheduler.review(card, grade: .again, at: card.due)
        let keep = scheduler.review(card, grade: .good, at: card.due)
        #expect(lapse.due < keep.due)
        #expect(lapse.lapses == card.lapses + 1)
    }

    @Test("got wrong on Monday afternoon: due from 4 a.m. Tuesday, the next day")
    func wrongIsDueTheNextMorning() {
        let card = FSRSScheduler(day: utcDay).review(nil, grade: .again, at: monday)
        let tuesday4am = Date(timeIntervalSince1970: 1_741_665_600)  // 2025-03-11 04:00 UTC
        #expect(card.due == tuesday4am)
        #expect(!card.isDue(at: monday.addingTimeInterval(3600)))
        #expect(card.isDue(at: monday.addingTimeInterval(days(1))))
    }

    @Test("FSRS-6 with default parameters: first intervals and the memory it keeps")
    func fsrsFirstIntervals() {
        let fsrs = FSRSScheduler(day: utcDay)
        #expect(FSRSScheduler.defaultParameters.count == 21)
        // At the desired retention of 0.9 the interval equals the stability, rounded, at least a day.
        #expect(fsrs.interval(stability: 0.212) == 1)
        #expect(fsrs.interval(stability: 2.3065) == 2)
        #expect(fsrs.interval(stability: 8.2956) == 8)
        let good = fsrs.review(nil, grade: .good, at: monday)
        #expect(good.memory["stability"] == 2.3065)
        #expect(abs((good.memory["difficulty"] ?? 0) - (6.4133 - exp(0.8334 * 2) + 1)) < 1e-9)
        #expect(good.reviews == 1 && good.lapses == 0)
        // Recall is 90 % after `stability` days, by definition of stability.
        #expect(abs(fsrs.retrievability(stability: 5, elapsedDays: 5) - 0.9) < 1e-9)
        // Right answers on time make the intervals grow.
        var card = good
        var intervals: [TimeInterval] = []
        for _ in 0..<4 {
            let next = fsrs.review(card, grade: .good, at: card.due)
            intervals.append(next.due.timeIntervalSince(card.due))
            card = next
        }
        #expect(intervals == intervals.sorted() && intervals.first! < intervals.last!)
    }

    @Test("a practice answer (cram) leaves the schedule exactly as it was, but is in the history")
    func cramLeavesScheduleAlone() {
        let fsrs = FSRSScheduler(day: utcDay)
        let q = sampleQuestion("q")
        var progress = LearnerProgress()
        progress.recordAnswer(q, correct: true, at: monday, practice: false, scheduler: fsrs)
        let before = progress.quiz.cards
        progress.recordAnswer(q, correct: false, at: monday.addingTimeInterval(60), practice: true, scheduler: fsrs)
        progress.recordAnswer(
            sampleQuestion("never-scheduled"), correct: true, at: monday, practice: true, scheduler: fsrs)
        #expect(progress.quiz.cards == before)
        #expect(progress.quiz.history.count == 3)
        #expect(progress.quiz.history.map(\.practice) == [false, true, true])
    }

    @Test("a scheduled round asks due questions first, oldest due first, then new ones in bank order")
    func dueFirst() {
        let fsrs = FSRSScheduler(day: utcDay)
        let bank = sampleBank(["a", "b", "c", "d", "e"])
        var progress = LearnerProgress()
        progress.recordAnswer(bank.questions[0], correct: true, at: monday, practice: false, scheduler: fsrs)
        progress.recordAnswer(bank.questions[1], correct: false, at: monday, practice: false, scheduler: fsrs)
        progress.recordAnswer(
            bank.questions[2], correct: false, at: monday.addingTimeInterval(-days(2)), practice: false,
            scheduler: fsrs)
        let tomorrow = monday.addingTimeInterval(days(1))
        let round = QuizRound.plan(bank: bank, progress: progress, now: tomorrow, seed: 1)
        #expect(round.items.map(\.question.id) == ["c", "b", "d", "e"])
        #expect(round.items.map(\.reason) == [.due, .due, .new, .new])
        let summary = progress.quizSummary(bank: bank, at: tomorrow)
        #expect(summary.all.due == 2)
        #expect(summary.all.new == 2)
        #expect(summary.all.answered == 3)
        #expect(summary.all.correct == 1)
        #expect(summary.nextDue == progress.quiz.cards["a"]?.due)
    }

    @Test("a practice round takes any question regardless of the schedule, shuffled by the seed")
    func practiceRound() {
        let fsrs = FSRSScheduler(day: utcDay)
        let bank = sampleBank(["a", "b", "c", "d", "e"])
        var progress = LearnerProgress()
        for q in bank.questions {
            progress.recordAnswer(q, correct: true, at: monday, practice: false, scheduler: fsrs)
        }
        let scheduled = QuizRound.plan(bank: bank, progress: progress, now: monday, seed: 3)
        #expect(scheduled.items.isEmpty)
        let practice = QuizRound.plan(bank: bank, progress: progress, practice: true, now: monday, seed: 3)
        #expect(Set(practice.items.map(\.question.id)) == ["a", "b", "c", "d", "e"])
        #expect(practice.items.allSatisfy { $0.reason == .practice })
        #expect(practice == QuizRound.plan(bank: bank, progress: progress, practice: true, now: monday, seed: 3))
    }

    @Test("choices are shuffled, and the right one is tracked through the shuffle")
    func shuffledChoices() {
        let bank = sampleBank(["a"])
        for seed in UInt64(0)..<20 {
            let item = QuizRound.plan(bank: bank, progress: LearnerProgress(), now: monday, seed: seed).items[0]
            #expect(item.shownChoices[item.rightPosition!].isRight)
        }
    }

    @Test("swapping the scheduler replays the history instead of misreading the cards")
    func swapScheduler() {
        let q = sampleQuestion("q")
        var progress = LearnerProgress()
        progress.recordAnswer(q, correct: true, at: monday, practice: false, scheduler: FSRSScheduler(day: utcDay))
        progress.adopt(LeitnerScheduler(day: utcDay))
        #expect(progress.quiz.scheduler == "leitner")
        #expect(progress.quiz.cards["q"]?.memory == ["box": 1])
    }
}
