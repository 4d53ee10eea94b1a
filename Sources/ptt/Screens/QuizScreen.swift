import Curriculum
import Foundation
import TerminalUI

/// The quiz in front: the round, where the learner is in it, and where `q` goes.
struct QuizState: Equatable, Sendable {
    enum Phase: Equatable, Sendable {
        /// The question is up: choose (multiple choice), or think or type (recall).
        case asking
        /// Recall: the model answer is shown; waiting for y / n.
        case revealed
        /// Graded: the verdict, the explanation and when it comes back.
        case answered(correct: Bool, chosen: Int?)
        /// The round is over.
        case summary
    }

    var round: QuizRound
    var phase = Phase.asking
    /// What the learner typed for a recall question (only for them to compare).
    var typed = ""
    /// The first row of the question shown (long answers scroll).
    var offset = 0
    var level: QuizLevel?
    var section: String?
    var limit: Int
    /// An open question's self-grade, while its verdict shows.
    var selfGrade: SelfGrade?

    /// The question being asked (nil when the round is over).
    var item: QuizRound.Item? { round.current }

    /// The question on screen: the one just answered while its verdict shows.
    var shownItem: QuizRound.Item? {
        if case .answered = phase, !round.answers.isEmpty { return round.items[round.answers.count - 1] }
        return round.current
    }
}

/// `ptt quiz` and the quiz parts of the Interview Questions lesson: one
/// question at a time, graded and explained, with the schedule updated as
/// the learner goes.
struct QuizScreen: Screen {
    var quiz: QuizState

    /// Questions in a quiz started from a lesson.
    static let lessonQuizLength = 5

    var name: String { "quiz" }

    /// What the keys mean now: the phase, and for a question its kind.
    enum Mode: Equatable {
        case choosing, recalling, typing, revealed, answered, summary, nothingDue
    }

    var mode: Mode {
        switch quiz.phase {
        case .asking:
            guard let item = quiz.item else { return .summary }
            switch item.question.kind {
            case .choice: return .choosing
            case .recall: return quiz.typed.isEmpty ? .recalling : .typing
            }
        case .revealed: return .revealed
        case .answered: return .answered
        case .summary: return quiz.round.items.isEmpty ? .nothingDue : .summary
        }
    }

    private static func during(_ modes: Mode...) -> @Sendable (QuizScreen, AppModel) -> Bool {
        { screen, _ in modes.contains(screen.mode) }
    }

    static let keyMap = KeyMap<QuizScreen>([
        KeyBinding(
            matching: { QuizScreen.choicePosition($0) != nil }, label: "1-4", helpLabel: "1-4  a-d", hint: "answer",
            labelText: { s, _ in "1-\(s.quiz.item?.choiceOrder.count ?? 4)" }, help: "choose an answer",
            section: "Quiz", priority: KeyBinding<QuizScreen>.essential, when: during(.choosing)
        ) { s, app, key in
            guard let item = s.quiz.item, let position = QuizScreen.choicePosition(key),
                position < item.choiceOrder.count
            else { return [] }
            return s.answer(&app, correct: position == item.rightPosition, chosen: position)
        },
        KeyBinding(
            .enter, label: "⏎", helpLabel: "Enter", hint: "show answer",
            help: "show the model answer (open questions)", section: "Quiz",
            priority: KeyBinding<QuizScreen>.essential, when: during(.recalling, .typing)
        ) { s, _, _ in
            s.quiz.phase = .revealed
            s.quiz.offset = 0
            return []
        },
        KeyBinding(
            .escape, label: "Esc", hint: "leave", help: "leave, even while typing (answers are already saved)",
            section: "Quiz", priority: KeyBinding<QuizScreen>.essential, when: during(.typing)
        ) { _, _, _ in [.pop] },
        KeyBinding(
            .backspace, .delete, label: "⌫", help: "delete what you typed", section: "Typing an answer",
            when: during(.typing)
        ) { s, _, _ in
            s.quiz.typed = String(s.quiz.typed.dropLast())
            return []
        },
        KeyBinding(
            matching: { if case .character = $0 { true } else { false } }, label: "a-z…",
            help: "type your answer, to compare with the model answer (q, k, j are letters then)",
            section: "Typing an answer", when: during(.recalling, .typing)
        ) { s, _, key in
            if case .character(let c) = key, s.quiz.typed.count < 500, !(s.mode == .recalling && c == "q") {
                s.quiz.typed.append(c)
                return []
            }
            return [.pop]
        },
        KeyBinding(
            .character("y"), .character("Y"), label: "y", hint: "I had it",
            help: "grade yourself: you had the key points",
            section: "Quiz", priority: KeyBinding<QuizScreen>.essential, when: during(.revealed)
        ) { s, app, _ in s.grade(&app, .yes) },
        KeyBinding(
            .character("p"), .character("P"), label: "p", hint: "partly",
            help: "grade yourself: you had some of them (it comes back sooner than a yes)",
            section: "Quiz", priority: KeyBinding<QuizScreen>.essential, when: during(.revealed)
        ) { s, app, _ in s.grade(&app, .partly) },
        KeyBinding(
            .character("n"), .character("N"), label: "n", hint: "I did not", help: "grade yourself: you did not",
            section: "Quiz", priority: KeyBinding<QuizScreen>.essential, when: during(.revealed)
        ) { s, app, _ in s.grade(&app, .no) },
        KeyBinding(
            .enter, .character(" "), .right, label: "⏎", helpLabel: "Enter  Space  →", hint: "next",
            help: "next question", section: "Quiz", priority: KeyBinding<QuizScreen>.essential,
            when: during(.answered)
        ) { s, _, _ in
            s.quiz.phase = s.quiz.round.isFinished ? .summary : .asking
            s.quiz.typed = ""
            s.quiz.offset = 0
            s.quiz.selfGrade = nil
            return []
        },
        KeyBinding(
            .character("l"), label: "l", hint: "lesson", help: "open the lesson the question comes from",
            section: "Quiz", priority: 40, when: during(.revealed, .answered)
        ) { s, app, _ in s.openLesson(&app) },
        KeyBinding(
            .character("o"), label: "o", hint: "open lab", hintText: { s, _ in "lab " + (s.labName ?? "") },
            help: "open the lab the question comes from (q comes back here)", section: "Quiz", priority: 45,
            when: { s, app in
                s.labName.map { app.labs.entry(named: $0) != nil } == true
                    && [.choosing, .revealed, .answered].contains(s.mode)
            }
        ) { s, app, _ in
            guard let name = s.labName else { return [] }
            return app.open(.lab(name))
        },
        KeyBinding(
            .up, .down, .character("k"), .character("j"), label: "↑↓", hint: "scroll",
            help: "scroll a long answer (also k j)", section: "Quiz", priority: 30, when: during(.answered)
        ) { s, _, key in
            s.quiz.offset = max(0, s.quiz.offset + (key == .up || key == .character("k") ? -1 : 1))
            return []
        },
        KeyBinding(
            .up, .down, .character("k"), .character("j"), label: "↑↓", help: "scroll (also k j)", section: "Quiz",
            when: during(.choosing, .revealed, .summary, .nothingDue)
        ) { s, _, key in
            s.quiz.offset = max(0, s.quiz.offset + (key == .up || key == .character("k") ? -1 : 1))
            return []
        },
        KeyBinding(.up, .down, label: "↑↓", help: "scroll", section: "Quiz", when: during(.recalling, .typing)) {
            s, _, key in
            s.quiz.offset = max(0, s.quiz.offset + (key == .up ? -1 : 1))
            return []
        },
        KeyBinding(.pageUp, .pageDown, label: "PgUp PgDn", help: "scroll a page", section: "Quiz") { s, app, key in
            let page = max(1, QuizScreen.bodyHeight(app.size) - 2)
            s.quiz.offset = max(0, s.quiz.offset + (key == .pageUp ? -page : page))
            return []
        },
        KeyBinding(
            .enter, .character("r"), label: "⏎", hint: "another round", help: "another round", section: "Quiz",
            priority: 60, when: during(.summary)
        ) { s, app, _ in
            QuizScreen.open(
                &app, level: s.quiz.level, section: s.quiz.section, practice: s.quiz.round.practice,
                limit: s.quiz.limit, replacing: true)
        },
        KeyBinding(
            .character("c"), label: "c", hint: "practise anyway", help: "practise anyway when nothing is due",
            section: "Quiz", priority: 60, when: during(.nothingDue)
        ) { s, app, _ in
            QuizScreen.open(
                &app, level: s.quiz.level, section: s.quiz.section, practice: true, limit: s.quiz.limit,
                replacing: true)
        },
        .help, .back(.character("q"), .escape, when: { s, _ in s.mode != .typing }), .quit,
    ])

    // MARK: - Opening

    /// Starts a round: due questions first, then new ones (or any, shuffled,
    /// for practice). With nothing due, the screen says when the next one is.
    /// Returns the effect that puts it in front (or in place of the round
    /// that just ended).
    static func open(
        _ model: inout AppModel, level: QuizLevel?, section: String?, practice: Bool, limit: Int,
        replacing: Bool = false
    ) -> [Effect] {
        let now = model.clock()
        // Wrong predictions from the labs are cards too, asked when due.
        let round = QuizRound.plan(
            bank: model.quizBank, progress: model.progress, level: level,
            section: section, practice: practice,
            limit: limit, now: now, seed: model.seed ?? UInt64(bitPattern: Int64(now.timeIntervalSince1970)))
        let screen = QuizScreen(
            quiz: QuizState(
                round: round, phase: round.items.isEmpty ? .summary : .asking, level: level, section: section,
                limit: limit))
        return [replacing ? .replace(screen) : .push(screen)]
    }

    /// `1`…`4` or `a`…`d` to a display position.
    static func choicePosition(_ key: Key) -> Int? {
        guard case .character(let c) = key else { return nil }
        if let n = c.wholeNumberValue, (1...4).contains(n) { return n - 1 }
        if let i = "abcd".firstIndex(of: Character(c.lowercased())) {
            return "abcd".distance(from: "abcd".startIndex, to: i)
        }
        return nil
    }

    /// Grades the current question, records it and asks for a save.
    private mutating func answer(_ model: inout AppModel, correct: Bool, chosen: Int?) -> [Effect] {
        guard let item = quiz.item else { return [] }
        model.progress.recordAnswer(
            item.question, correct: correct, at: model.clock(), practice: quiz.round.practice,
            scheduler: model.scheduler)
        quiz.round.answers.append(QuizRound.Answer(item.question, correct: correct))
        quiz.phase = .answered(correct: correct, chosen: chosen)
        quiz.offset = 0
        return [.saveProgress]
    }

    /// Records an open question's self-grade (y, p or n) and asks for a save.
    private mutating func grade(_ model: inout AppModel, _ grade: SelfGrade) -> [Effect] {
        guard let item = quiz.item else { return [] }
        model.progress.recordAnswer(
            item.question, grade: grade.reviewGrade, at: model.clock(), practice: quiz.round.practice,
            scheduler: model.scheduler)
        let answer = QuizRound.Answer(item.question, selfGrade: grade)
        quiz.round.answers.append(answer)
        quiz.phase = .answered(correct: answer.correct, chosen: nil)
        quiz.selfGrade = grade
        quiz.offset = 0
        return [.saveProgress]
    }

    /// The lab of the question on screen, if it has one this ptt knows.
    var labName: String? { quiz.shownItem?.question.lab }

    /// Opens the question's lesson on top; `q` there comes back to the quiz.
    private func openLesson(_ model: inout AppModel) -> [Effect] {
        guard let question = quiz.shownItem?.question,
            let index = model.library.lessons.firstIndex(where: { $0.id == question.section }),
            let lesson = LessonScreen.open(&model, index: index, offset: 0)
        else {
            model.notice = "lesson not found"
            return []
        }
        return [.push(lesson)]
    }

    // MARK: - View

    static func bodyHeight(_ size: Size) -> Int { max(1, size.height - 3) }

    func view(_ model: AppModel, on canvas: inout Canvas) {
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: Self.title(quiz), right: Self.progressText(quiz)).draw(in: body.splitTop(1).top, on: &canvas)
        let column = columnRect(body.inset(top: 2), maxWidth: LessonScreen.maxTextWidth + 2)
        let width = max(10, column.width - 2)
        let document = Stack(Self.widgets(model, quiz, width: width)).render(width: width)
        var scroll = ScrollView(content: document, offset: quiz.offset)
        scroll.showsIndicator = true
        scroll.draw(
            in: Rect(x: column.x, y: column.y, width: width + 2, height: column.height).intersection(area),
            on: &canvas)
        statusBar(model).draw(in: statusRow, on: &canvas)
    }

    static func title(_ quiz: QuizState) -> String {
        var parts = ["Quiz"]
        parts.append(quiz.level?.rawValue ?? "all levels")
        if let section = quiz.section { parts.append("section \(section)") }
        if quiz.round.practice { parts.append("practice") }
        return parts.joined(separator: " · ")
    }

    static func progressText(_ quiz: QuizState) -> String {
        guard !quiz.round.items.isEmpty else { return "" }
        let isAnswered: Bool = if case .answered = quiz.phase { true } else { false }
        let number = min(quiz.round.items.count, quiz.round.answers.count + (isAnswered ? 0 : 1))
        if quiz.phase == .summary { return "\(quiz.round.rightCount)/\(quiz.round.items.count) right" }
        return "question \(max(1, number)) of \(quiz.round.items.count) · \(quiz.round.rightCount) right"
    }
}
