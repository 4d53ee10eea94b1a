import Curriculum
import Foundation
import TerminalUI
import Testing

@testable import ptt

/// 2025-03-10 15:00 UTC, a Monday: the quiz never reads the wall clock in tests.
let quizNow = Date(timeIntervalSince1970: 1_741_618_800)
let utc = ReviewDay(timeZone: TimeZone(identifier: "UTC")!, startHour: 4)

func fixtureBank(_ library: LessonLibrary) -> QuizBank {
    QuizBank.load(
        directory: testsDirectory.appendingPathComponent("Fixtures/lessons/quiz").path,
        sections: Set(library.lessons.map(\.id)))
}

/// A model on the fixture lessons and questions, with the clock fixed at `now`.
func quizModel(now: Date = quizNow, progress: LearnerProgress = LearnerProgress()) throws -> AppModel {
    let library = try fixtureLibrary()
    var m = AppModel(library: library, size: Size(width: 80, height: 24))
    m.bank = fixtureBank(library)
    m.clock = { now }
    m.reviewDay = utc
    m.progress = progress
    m.readLessons = progress.readLessons
    m.stack = [AnyScreen(HomeScreen())]
    return m
}

/// The key that answers the current multiple-choice question right (or wrong).
func answerKey(_ m: AppModel, right: Bool) -> Msg {
    let item = m.quiz!.item!
    let position = right ? item.rightPosition! : item.choiceOrder.indices.first { $0 != item.rightPosition }!
    return .key(.character(Character(String(position + 1))))
}

@Suite("Quiz screen at 80x24")
struct QuizScreenTests {
    @Test("the fixture bank loads; the quiz asks new questions in bank order")
    func opensOnFirstQuestion() throws {
        var m = try quizModel()
        #expect(m.bank.diagnostics == [])
        #expect(m.bank.questions.map(\.id) == ["isolated", "share", "switch"])
        m.stack = []
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        #expect(m.route == .quiz)
        #expect(m.quiz?.item?.question.id == "isolated")
        try assertSnapshot(view(m), named: "quiz-choice-80x24")
    }

    @Test("a right choice is graded, explained, scheduled and saved")
    func rightChoice() throws {
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: .beginner, section: nil, practice: false, limit: 10)
        let effects = update(&m, answerKey(m, right: true))
        #expect(effects == [.saveProgress])
        #expect(m.quiz?.phase == .answered(correct: true, chosen: m.quiz?.round.items[0].rightPosition))
        #expect(m.progress.quiz.history.map(\.correct) == [true])
        #expect(m.progress.quiz.cards["isolated"] != nil)
        let screen = view(m).text
        #expect(screen.contains("✓ Right."))
        #expect(screen.contains("Asked again in 2 days."))
        #expect(screen.contains("Model answer"))
        try assertSnapshot(view(m), named: "quiz-answered-80x24")
    }

    @Test("a wrong choice shows why it is wrong and comes back tomorrow")
    func wrongChoice() throws {
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: .beginner, section: nil, practice: false, limit: 10)
        _ = update(&m, answerKey(m, right: false))
        let screen = view(m).text
        #expect(screen.contains("✗ Not quite."))
        #expect(screen.contains("Asked again tomorrow."))
        let chosen = m.quiz!.round.items[0].shownChoices[
            m.quiz!.round.items[0].choiceOrder.indices.first { $0 != m.quiz!.round.items[0].rightPosition }!]
        #expect(screen.contains(chosen.explanation!.plainText))
        #expect(screen.contains("✓"))
    }

    @Test("an open question: type, Enter shows the model answer, y or n grades it")
    func recallQuestion() throws {
        var m = try quizModel()
        _ = m.openQuiz(level: nil, section: "two", practice: false, limit: 10)
        #expect(m.quiz?.item?.question.kind == .recall)
        // q while typing is text, not "leave".
        for c in "heap q" { _ = update(&m, .key(.character(c))) }
        #expect(m.quiz?.typed == "heap q")
        #expect(view(m).text.contains("› heap q"))
        _ = update(&m, .key(.enter))
        #expect(m.quiz?.phase == .revealed)
        let revealed = view(m).text
        #expect(revealed.contains("The heap and the open files."))
        #expect(revealed.contains("• open files"))
        #expect(revealed.contains("Did your answer have the key points below?"))
        #expect(update(&m, .key(.character("y"))) == [.saveProgress])
        #expect(m.progress.quiz.history.last?.correct == true)
        _ = update(&m, .key(.enter))
        #expect(m.quiz?.phase == .summary)
    }

    @Test("the summary gives the score per level and lesson, and what to review")
    func summary() throws {
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        _ = update(&m, answerKey(m, right: false))  // isolated, wrong
        _ = update(&m, .key(.enter))
        _ = update(&m, .key(.enter))  // share: reveal
        _ = update(&m, .key(.character("y")))
        _ = update(&m, .key(.enter))
        _ = update(&m, answerKey(m, right: true))  // switch, senior, right
        _ = update(&m, .key(.enter))
        #expect(m.quiz?.phase == .summary)
        let screen = view(m).text
        #expect(screen.contains("Round over: 2 of 3 right"))
        #expect(screen.contains("beginner") && screen.contains("1 of 2"))
        #expect(screen.contains("First Lesson") && screen.contains("Second Lesson"))
        #expect(screen.contains("First Lesson: What does a process own that a thread shares?"))
        #expect(screen.contains("These come back first, tomorrow."))
        try assertSnapshot(view(m), named: "quiz-summary-80x24")
    }

    @Test("the next day the question got wrong is asked first; nothing else is due")
    func wrongComesBackFirst() throws {
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 3)
        _ = update(&m, answerKey(m, right: true))  // isolated right
        _ = update(&m, .key(.enter))
        _ = update(&m, .key(.enter))
        _ = update(&m, .key(.character("n")))  // share wrong
        _ = update(&m, .key(.enter))
        _ = update(&m, answerKey(m, right: true))  // switch right
        var tomorrow = try quizModel(now: quizNow.addingTimeInterval(86400), progress: m.progress)
        tomorrow.stack = []
        _ = tomorrow.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        #expect(tomorrow.quiz?.round.items.map(\.question.id) == ["share"])
        #expect(view(tomorrow).text.contains("due for review"))
    }

    @Test("with nothing due the quiz says when; c practises without touching the schedule")
    func nothingDueThenCram() throws {
        var m = try quizModel()
        _ = m.openQuiz(level: .senior, section: nil, practice: false, limit: 10)
        _ = update(&m, answerKey(m, right: true))
        let schedule = m.progress.quiz.cards
        _ = m.openQuiz(level: .senior, section: nil, practice: false, limit: 10)
        let screen = view(m).text
        #expect(screen.contains("Nothing is due."))
        #expect(screen.contains("the next one comes back in 2 days"))
        _ = update(&m, .key(.character("c")))
        #expect(m.quiz?.round.practice == true)
        #expect(m.quiz?.item?.question.id == "switch")
        _ = update(&m, answerKey(m, right: false))
        #expect(view(m).text.contains("Practice: the schedule is unchanged."))
        #expect(m.progress.quiz.cards == schedule)
        #expect(m.progress.quiz.history.count == 2)
    }

    @Test("q leaves: back where the quiz came from, or quits (the loop saves on quit)")
    func leaving() throws {
        var m = try quizModel()
        _ = update(&m, .key(.character("i")))
        #expect(m.route == .quiz)
        #expect(update(&m, .key(.character("q"))) == [])
        #expect(m.route == .home)
        m.stack = []
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }

    @Test("l opens the question's lesson after answering; q there returns to the quiz")
    func lessonLink() throws {
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        _ = update(&m, answerKey(m, right: false))
        _ = update(&m, .key(.character("l")))
        #expect(m.route == .lesson)
        #expect(m.reader?.index == 0)
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .quiz)
        #expect(view(m).text.contains("✗ Not quite."))
    }

    @Test("the home screen shows how many questions are due, and i starts the quiz")
    func homeShowsDue() throws {
        var progress = LearnerProgress()
        let fresh = try quizModel()
        progress.recordAnswer(
            fresh.bank.questions[0], correct: false, at: quizNow.addingTimeInterval(-2 * 86400), practice: false,
            scheduler: fresh.scheduler)
        let m = try quizModel(progress: progress)
        let screen = view(m).text
        #expect(screen.contains("Interview quiz"))
        #expect(screen.contains("1 due now · 2 new"))
        #expect(screen.contains("i quiz"))
        try assertSnapshot(view(m), named: "home-quiz-80x24")
        var started = m
        _ = update(&started, .key(.character("i")))
        #expect(started.quiz?.item?.question.id == "isolated")
        #expect(started.quiz?.item?.reason == .due)
    }

    @Test("the Interview Questions lesson starts a short quiz of its level in place")
    func lessonQuizPart() throws {
        let library = try shippedLibrary()
        var m = AppModel(library: library, size: Size(width: 80, height: 24))
        m.bank = QuizBank.load(
            directory: testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lessons/quiz").path, sections: Set(library.lessons.map(\.id)))
        m.clock = { quizNow }
        m.reviewDay = utc
        let index = try #require(library.lessons.firstIndex { $0.id == "interview" })
        m.openLesson(index)
        let lessonText = m.reader!.layout.canvas.lines.joined(separator: "\n")
        #expect(lessonText.contains("starts it here; or run ptt quiz --level senior"))
        #expect(!lessonText.contains("Not built yet"))
        _ = update(&m, .key(.tab))
        #expect(m.notice == "quiz 1/3: beginner")
        _ = update(&m, .key(.enter))
        #expect(m.route == .quiz)
        #expect(m.quiz?.level == .beginner)
        #expect(m.quiz?.round.items.count == QuizScreen.lessonQuizLength)
        #expect(m.quiz?.round.items.allSatisfy { $0.question.level == .beginner } == true)
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .lesson)
        #expect(m.reader?.index == index)
    }

    @Test("reading a lesson to the end asks for a save; the reading position is kept")
    func lessonProgress() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 12), [.key(.enter)])
        _ = update(&m, .key(.down))
        #expect(m.progress.lessons["one"]?.position == 1)
        let effects = update(&m, .key(.character("G")))
        #expect(effects == [.saveProgress])
        #expect(m.progress.readLessons == ["one"])
        #expect(m.progress.lessons["one"]?.readAt != nil)
        _ = update(&m, .key(.character("q")))
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }

    @Test("a lesson left half-read reopens where the reader was")
    func resumesPosition() throws {
        var progress = LearnerProgress()
        progress.setPosition("one", line: 3)
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 12))
        m.adoptProgress(progress)
        _ = update(&m, .key(.enter))
        #expect(m.reader?.offset == 3)
    }

    @Test("the loop writes progress to the store on q, and nothing without a store")
    func loopSaves() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-quiz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ProgressStore(path: folder.appendingPathComponent("progress.json").path)
        var m = try quizModel()
        m.stack = []
        _ = m.openQuiz(level: .beginner, section: nil, practice: false, limit: 10)
        let key = answerKey(m, right: true)
        guard case .key(let answer) = key else { return }
        let terminal = TestTerminal(events: [.key(answer), .key(.character("q"))])
        var app = App(model: m)
        app.store = store
        #expect(try app.run(on: terminal) == 0)
        let saved = store.load(now: quizNow)
        #expect(saved.warning == nil)
        #expect(saved.progress.quiz.history.map(\.question) == ["isolated"])
        #expect(saved.progress.quiz.history.first?.correct == true)
    }
}
