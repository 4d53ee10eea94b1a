import Curriculum
import Foundation
import TerminalUI

/// The quiz in front: the round, where the learner is in it, and where `q` goes.
struct QuizState: Equatable {
    enum Phase: Equatable {
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
    /// Where `q` goes; nil quits ptt (started as `ptt quiz`).
    var returnTo: AppModel.Route?

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
enum QuizScreen {
    /// Questions in a quiz started from a lesson.
    static let lessonQuizLength = 5

    static let help: [HelpOverlay.Section] = [
        HelpOverlay.Section(
            title: "Quiz",
            keys: [
                ("1-4  a-d", "choose an answer"),
                ("Enter", "show the model answer (open questions)"),
                ("y  n", "grade yourself: had the key points, or not"),
                ("Enter  Space  →", "next question"),
                ("l", "open the lesson the question comes from"),
                ("↑ ↓  PgUp PgDn", "scroll a long answer"),
                ("c", "practise anyway when nothing is due"),
                ("q  Esc", "leave (answers are already saved)"),
            ])
    ]

    // MARK: - Opening

    /// Starts a round: due questions first, then new ones (or any, shuffled,
    /// for practice). With nothing due, the screen says when the next one is.
    @discardableResult
    static func open(
        _ model: inout AppModel, level: QuizLevel?, section: String?, practice: Bool, limit: Int,
        returnTo: AppModel.Route?
    ) -> [Effect] {
        let now = model.clock()
        let round = QuizRound.plan(
            bank: model.bank, progress: model.progress, level: level, section: section, practice: practice,
            limit: limit, now: now, seed: UInt64(bitPattern: Int64(now.timeIntervalSince1970)))
        model.quiz = QuizState(
            round: round, phase: round.items.isEmpty ? .summary : .asking, level: level, section: section,
            limit: limit, returnTo: returnTo)
        model.route = .quiz
        model.readerReturn = nil
        return []
    }

    static func leave(_ model: inout AppModel) -> [Effect] {
        guard let back = model.quiz?.returnTo else { return [.quit] }
        model.quiz = nil
        model.route = back
        if back == .lesson { LessonScreen.relayout(&model) }
        return []
    }

    // MARK: - Update

    static func update(_ model: inout AppModel, _ key: Key) -> [Effect] {
        guard var quiz = model.quiz else { return [] }
        if key == .control("c") { return [.quit] }
        if key == .escape { return leave(&model) }
        // While typing a recall answer, letters are text; q leaves only from an empty answer.
        let typing = quiz.phase == .asking && quiz.item?.question.kind == .recall && !quiz.typed.isEmpty
        if key == .character("q") && !typing { return leave(&model) }
        switch key {
        case .up:
            quiz.offset = max(0, quiz.offset - 1)
        case .character("k") where !isTypingKey(quiz):
            quiz.offset = max(0, quiz.offset - 1)
        case .down:
            quiz.offset += 1
        case .character("j") where !isTypingKey(quiz):
            quiz.offset += 1
        case .pageUp:
            quiz.offset = max(0, quiz.offset - max(1, bodyHeight(model.size) - 2))
        case .pageDown:
            quiz.offset += max(1, bodyHeight(model.size) - 2)
        default:
            model.quiz = quiz
            return updatePhase(&model, key)
        }
        model.quiz = quiz
        return []
    }

    private static func isTypingKey(_ quiz: QuizState) -> Bool {
        quiz.phase == .asking && quiz.item?.question.kind == .recall
    }

    private static func updatePhase(_ model: inout AppModel, _ key: Key) -> [Effect] {
        guard var quiz = model.quiz else { return [] }
        switch quiz.phase {
        case .asking:
            guard let item = quiz.item else { return [] }
            if item.question.kind == .choice {
                guard let position = choicePosition(key), position < item.choiceOrder.count else { return [] }
                let correct = position == item.rightPosition
                model.quiz = quiz
                return answer(&model, correct: correct, chosen: position)
            }
            switch key {
            case .enter:
                quiz.phase = .revealed
                quiz.offset = 0
            case .backspace, .delete:
                quiz.typed = String(quiz.typed.dropLast())
            case .character(let c) where quiz.typed.count < 500:
                quiz.typed.append(c)
            default:
                break
            }
        case .revealed:
            switch key {
            case .character("y"), .character("Y"):
                model.quiz = quiz
                return answer(&model, correct: true, chosen: nil)
            case .character("n"), .character("N"):
                model.quiz = quiz
                return answer(&model, correct: false, chosen: nil)
            case .character("l"):
                model.quiz = quiz
                openLesson(&model)
                return []
            default:
                break
            }
        case .answered:
            switch key {
            case .enter, .character(" "), .right:
                quiz.phase = quiz.round.isFinished ? .summary : .asking
                quiz.typed = ""
                quiz.offset = 0
            case .character("l"):
                model.quiz = quiz
                openLesson(&model)
                return []
            default:
                break
            }
        case .summary:
            switch key {
            case .enter, .character("r"):
                guard !quiz.round.items.isEmpty else { break }
                return open(
                    &model, level: quiz.level, section: quiz.section, practice: quiz.round.practice,
                    limit: quiz.limit, returnTo: quiz.returnTo)
            case .character("c") where quiz.round.items.isEmpty:
                return open(
                    &model, level: quiz.level, section: quiz.section, practice: true, limit: quiz.limit,
                    returnTo: quiz.returnTo)
            default:
                break
            }
        }
        model.quiz = quiz
        return []
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
    private static func answer(_ model: inout AppModel, correct: Bool, chosen: Int?) -> [Effect] {
        guard var quiz = model.quiz, let item = quiz.item else { return [] }
        model.progress.recordAnswer(
            item.question, correct: correct, at: model.clock(), practice: quiz.round.practice,
            scheduler: model.scheduler)
        quiz.round.answers.append(QuizRound.Answer(item.question, correct: correct))
        quiz.phase = .answered(correct: correct, chosen: chosen)
        quiz.offset = 0
        model.quiz = quiz
        return [.saveProgress]
    }

    /// Opens the question's lesson; `q` there comes back to the quiz.
    private static func openLesson(_ model: inout AppModel) {
        guard let quiz = model.quiz else { return }
        guard let question = quiz.shownItem?.question,
            let index = model.library.lessons.firstIndex(where: { $0.id == question.section })
        else {
            model.notice = "lesson not found"
            return
        }
        LessonScreen.open(&model, index: index, offset: 0)
        model.readerReturn = .quiz
    }

    // MARK: - View

    static func bodyHeight(_ size: Size) -> Int { max(1, size.height - 3) }

    static func view(_ model: AppModel, on canvas: inout Canvas) {
        guard let quiz = model.quiz else { return }
        let area = canvas.bounds
        let (body, statusRow) = area.splitBottom(1)
        TitleBar(left: title(quiz), right: progressText(quiz)).draw(in: body.splitTop(1).top, on: &canvas)
        let column = columnRect(body.inset(top: 2), maxWidth: LessonScreen.maxTextWidth + 2)
        let width = max(10, column.width - 2)
        let document = Stack(widgets(model, quiz, width: width)).render(width: width)
        var scroll = ScrollView(content: document, offset: quiz.offset)
        scroll.showsIndicator = true
        scroll.draw(
            in: Rect(x: column.x, y: column.y, width: width + 2, height: column.height).intersection(area),
            on: &canvas)
        StatusBar(hints: hints(quiz)).message(model.notice).draw(in: statusRow, on: &canvas)
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

    static func hints(_ quiz: QuizState) -> [StatusBar.Hint] {
        let leave = StatusBar.Hint("q", quiz.returnTo == nil ? "quit" : "back", essential: true)
        let help = StatusBar.Hint("?", "help", essential: true)
        switch quiz.phase {
        case .asking where quiz.item?.question.kind == .choice:
            return [.init("1-\(quiz.item?.choiceOrder.count ?? 4)", "answer", essential: true), help, leave]
        case .asking:
            if quiz.typed.isEmpty { return [.init("⏎", "show answer", essential: true), help, leave] }
            return [.init("⏎", "show answer", essential: true), .init("Esc", "leave", essential: true)]
        case .revealed:
            return [
                .init("y", "I had it", essential: true), .init("n", "I did not", essential: true),
                .init("l", "lesson"), help, leave,
            ]
        case .answered:
            return [.init("⏎", "next", essential: true), .init("l", "lesson"), .init("↑↓", "scroll"), help, leave]
        case .summary where quiz.round.items.isEmpty:
            return [.init("c", "practise anyway"), help, leave]
        case .summary:
            return [.init("⏎", "another round"), help, leave]
        }
    }
}
