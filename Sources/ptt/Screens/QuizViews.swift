import Curriculum
import Foundation
import TerminalUI

/// What the quiz screen draws: the question as a document, the summary, and
/// the small widgets they use.
extension QuizScreen {
    // MARK: - The question as a document

    static func widgets(_ model: AppModel, _ quiz: QuizState, width: Int) -> [any FlowWidget] {
        if quiz.phase == .summary { return summary(model, quiz) }
        guard let item = quiz.shownItem else { return [] }
        let question = item.question
        // Groups of widgets, one blank row between groups.
        var groups: [[any FlowWidget]] = []
        let lesson = model.library.lesson(id: question.section)?.title ?? question.section
        groups.append([
            WrappedText(
                [
                    TextRun(question.level.rawValue, Style(levelRole(question.level), bold: true)),
                    TextRun(" · from the lesson ", Style(.dim)), TextRun(lesson, Style(.dim, bold: true)),
                    TextRun(" · " + reasonText(item.reason), Style(.dim)),
                ] + labRuns(model, question, asking: quiz.phase == .asking))
        ])
        groups.append([WrappedText(LessonLayout.runs(question.prompt, base: Style(.strong, bold: true)))])

        let answered: (correct: Bool, chosen: Int?)? =
            if case .answered(let correct, let chosen) = quiz.phase { (correct, chosen) } else { nil }
        if question.kind == .choice {
            groups.append(
                item.shownChoices.enumerated().map { position, choice in
                    choiceRow(position, choice, answered: answered?.chosen, isAnswered: answered != nil)
                })
        } else if quiz.phase == .asking {
            groups.append([
                WrappedText(
                    "Answer in your head, out loud, or type it below; then Enter shows the model answer and its key points.",
                    style: Style(.dim))
            ])
            groups.append([
                Hanging(
                    TextRun("› ", Style(.accent, bold: true)),
                    WrappedText([TextRun(quiz.typed), TextRun("▏", Style(.accent))]))
            ])
        } else if !quiz.typed.isEmpty {
            groups.append([Hanging(TextRun("you: ", Style(.dim)), WrappedText(quiz.typed, style: Style(.dim)))])
        }

        if let answered {
            groups.append([
                verdict(
                    model, item, correct: answered.correct, practice: quiz.round.practice, selfGrade: quiz.selfGrade)
            ])
        }
        if quiz.phase == .revealed {
            groups.append([
                WrappedText([
                    TextRun("Did your answer have the key points below? ", Style(.strong, bold: true)),
                    TextRun("y", Style(.accent, bold: true)), TextRun(" yes · ", Style(.dim)),
                    TextRun("p", Style(.accent, bold: true)), TextRun(" partly · ", Style(.dim)),
                    TextRun("n", Style(.accent, bold: true)), TextRun(" no", Style(.dim)),
                ])
            ])
        }
        if quiz.phase != .asking {
            groups.append([
                HeadingView(text: "Key points", level: 3),
                ListView(items: question.keyPoints.map { ListView.Item(LessonLayout.runs($0)) }),
            ])
            var answer: [any FlowWidget] = [HeadingView(text: "Model answer", level: 3)]
            for (i, block) in question.answer.enumerated() {
                if i > 0 { answer.append(Spacer()) }
                answer.append(LessonLayout.widget(for: block, available: { _ in false }, plain: false))
            }
            groups.append(answer)
        }
        var out: [any FlowWidget] = []
        for (i, group) in groups.enumerated() {
            if i > 0 { out.append(Spacer()) }
            out += group
        }
        return out
    }

    /// " · o opens the lab race", for a question from a lab (not while a recall answer is typed: o is a letter then).
    static func labRuns(_ model: AppModel, _ question: QuizQuestion, asking: Bool) -> [TextRun] {
        guard let lab = question.lab, model.labs.entry(named: lab) != nil, !(asking && question.kind == .recall)
        else { return [] }
        return [
            TextRun(" · ", Style(.dim)), TextRun("o", Style(.accent, bold: true)),
            TextRun(" opens the lab \(lab)", Style(.dim)),
        ]
    }

    static func choiceRow(
        _ position: Int, _ choice: QuizQuestion.Choice, answered chosen: Int?, isAnswered: Bool
    ) -> any FlowWidget {
        let key = "\(position + 1)"
        guard isAnswered else {
            return Hanging(
                TextRun("  \(key)  ", Style(.accent, bold: true)), WrappedText(LessonLayout.runs(choice.text)))
        }
        let mark: TextRun
        var text = LessonLayout.runs(choice.text)
        if choice.isRight {
            mark = TextRun("✓ \(key)  ", Style(.ok, bold: true))
            text = text.map { TextRun($0.text, Style(.ok, bold: true)) }
        } else if chosen == position {
            mark = TextRun("✗ \(key)  ", Style(.bad, bold: true))
        } else {
            mark = TextRun("  \(key)  ", Style(.dim))
            text = text.map { TextRun($0.text, Style(.dim)) }
        }
        var items: [any FlowWidget] = [WrappedText(text)]
        if let why = choice.explanation, chosen == position || choice.isRight {
            items.append(WrappedText(LessonLayout.runs(why, base: Style(.note))))
        } else if let why = choice.explanation {
            items.append(WrappedText(LessonLayout.runs(why, base: Style(.dim))))
        }
        return Hanging(mark, Stack(items))
    }

    static func verdict(
        _ model: AppModel, _ item: QuizRound.Item, correct: Bool, practice: Bool, selfGrade: SelfGrade? = nil
    ) -> any FlowWidget {
        var runs: [TextRun] =
            selfGrade == .partly
            ? [TextRun("◐ Partly.", Style(.warn, bold: true))]
            : correct
                ? [TextRun("✓ Right.", Style(.ok, bold: true))]
                : [TextRun("✗ Not quite.", Style(.bad, bold: true))]
        if practice {
            runs.append(TextRun(" Practice: the schedule is unchanged.", Style(.dim)))
        } else if let due = model.progress.quiz.cards[item.question.id]?.due {
            let when = dueText(due, now: model.clock(), day: model.reviewDay)
            runs.append(TextRun(" Asked again \(when).", Style(.dim)))
        }
        return WrappedText(runs)
    }

    static func reasonText(_ reason: QuizRound.Reason) -> String {
        switch reason {
        case .due: "due for review"
        case .new: "new"
        case .practice: "practice"
        }
    }

    static func levelRole(_ level: QuizLevel) -> ColorRole {
        switch level {
        case .beginner: .ok
        case .intermediate: .accent
        case .senior: .warn
        }
    }

    // MARK: - Summary

    static func summary(_ model: AppModel, _ quiz: QuizState) -> [any FlowWidget] {
        let round = quiz.round
        let now = model.clock()
        let stats = model.progress.quizSummary(bank: filteredBank(model.quizBank, quiz), at: now)
        if round.items.isEmpty {
            var out: [any FlowWidget] = []
            let total = model.quizBank.questions(level: quiz.level, section: quiz.section).count
            if total == 0 {
                out.append(WrappedText("No questions here.", style: Style(.strong, bold: true)))
                out.append(Spacer())
                let levels = QuizLevel.allCases.map(\.rawValue).joined(separator: ", ")
                out.append(
                    WrappedText(
                        "The bank has no question for this choice. Levels: \(levels); sections are lesson ids (ptt lessons). Run ptt check to see problems in the question files.",
                        style: Style(.dim)))
                return out
            }
            out.append(WrappedText("Nothing is due.", style: Style(.ok, bold: true)))
            out.append(Spacer())
            var text = "You have answered all \(total) questions here"
            if let next = stats.nextDue {
                text += "; the next one comes back \(dueText(next, now: now, day: model.reviewDay))."
            } else {
                text += "."
            }
            out.append(WrappedText(text))
            out.append(Spacer())
            out.append(
                WrappedText([
                    TextRun("c", Style(.accent, bold: true)),
                    TextRun(
                        " practises anyway (ptt quiz --cram): any question, and the schedule stays as it is.",
                        Style(.dim)),
                ]))
            return out
        }
        var out: [any FlowWidget] = []
        out.append(
            WrappedText(
                "Round over: \(round.rightCount) of \(round.answers.count) right"
                    + (round.answers.count < round.items.count
                        ? " (\(round.items.count - round.answers.count) not asked)" : ""),
                style: Style(.strong, bold: true)))
        out.append(Spacer())
        out.append(
            ScoreRows(
                title: "Level",
                rows: round.byLevel.map { ($0.level.rawValue, $0.right, $0.asked) }))
        out.append(Spacer())
        out.append(
            ScoreRows(
                title: "Lesson",
                rows: round.bySection.map { row in
                    (model.library.lesson(id: row.section)?.title ?? row.section, row.right, row.asked)
                }))
        out.append(Spacer())
        let wrong = round.toReview
        if wrong.isEmpty {
            out.append(WrappedText("Nothing to review: every answer was right.", style: Style(.ok)))
        } else {
            out.append(HeadingView(text: "To review", level: 3))
            out.append(
                ListView(
                    items: wrong.map { q in
                        let lesson = model.library.lesson(id: q.section)?.title ?? q.section
                        return ListView.Item(
                            [TextRun(lesson + ": ", Style(.dim, bold: true))] + LessonLayout.runs(q.prompt))
                    }))
            out.append(Spacer())
            let firstBack = wrong.compactMap { model.progress.quiz.cards[$0.id]?.due }.min()
            out.append(
                WrappedText(
                    round.practice || firstBack == nil
                        ? "This was practice: the schedule did not change."
                        : "These come back first, \(dueText(firstBack!, now: now, day: model.reviewDay)).",
                    style: Style(.dim)))
        }
        let all = stats.all
        out.append(Spacer())
        out.append(
            WrappedText(
                "Here: \(all.answered) of \(all.total) questions answered, \(all.due) due now, \(all.new) new.",
                style: Style(.dim)))
        return out
    }

    private static func filteredBank(_ bank: QuizBank, _ quiz: QuizState) -> QuizBank {
        QuizBank(questions: bank.questions(level: quiz.level, section: quiz.section))
    }
}

extension AppModel {
    /// The bank with the cards made from wrong predictions, as the quiz asks them.
    var quizBank: QuizBank { bank.including(progress.predictionQuestions) }
}

/// "now", "later today", "tomorrow", "in 3 days", counted in review days.
func dueText(_ due: Date, now: Date, day: ReviewDay) -> String {
    if due <= now { return "now" }
    let today = day.start(ofDayAfter: 0, from: now)
    let days = Int((due.timeIntervalSince(today) / 86400).rounded(.down))
    switch days {
    case ...0: return "later today"
    case 1: return "tomorrow"
    default: return "in \(days) days"
    }
}

/// The home screen's quiz row: "Interview quiz   3 due now · 39 new".
struct QuizDueLine: Widget {
    var model: AppModel

    func draw(in area: Rect, on canvas: inout Canvas) {
        let now = model.clock()
        let counts = model.progress.quizSummary(bank: model.quizBank, at: now)
        let all = counts.all
        var parts: [String] = []
        if all.due > 0 { parts.append("\(all.due) due now") }
        if all.new > 0 { parts.append("\(all.new) new") }
        if all.due == 0, let next = counts.nextDue {
            parts.append("next \(dueText(next, now: now, day: model.reviewDay))")
        }
        let status = parts.joined(separator: " · ")
        canvas.put("Interview quiz", x: area.x, y: area.y, style: Style(.heading, bold: true), limit: area.maxX)
        let room = area.width - CharacterWidth.of("Interview quiz") - 2
        let text = truncated(status, to: room)
        canvas.put(
            text, x: area.maxX - CharacterWidth.of(text), y: area.y,
            style: all.due > 0 ? Style(.warn, bold: true) : Style(.dim), limit: area.maxX)
    }
}

/// Scores as aligned rows under a heading: "beginner   3 of 5".
struct ScoreRows: FlowWidget {
    var title: String
    var rows: [(label: String, right: Int, asked: Int)]

    func height(for width: Int) -> Int { rows.count + 1 }

    func draw(in area: Rect, on canvas: inout Canvas) {
        let labelWidth = max(CharacterWidth.of(title), rows.map { CharacterWidth.of($0.label) }.max() ?? 0)
        let x = area.x + min(labelWidth + 4, max(0, area.width - 8))
        canvas.put(title, x: area.x, y: area.y, style: Style(.heading, bold: true), limit: area.maxX)
        canvas.put("Right", x: x, y: area.y, style: Style(.heading, bold: true), limit: area.maxX)
        for (i, row) in rows.enumerated() where i + 1 < area.height {
            let y = area.y + i + 1
            canvas.put(truncated(row.label, to: x - area.x - 2), x: area.x, y: y)
            let missed = row.right < row.asked
            let after = canvas.put(
                "\(row.right) of \(row.asked)", x: x, y: y, style: missed ? Style(.warn) : Style(.ok), limit: area.maxX)
            if missed { canvas.put("  review", x: after, y: y, style: Style(.dim), limit: area.maxX) }
        }
    }
}

/// A marker on the first row and its content beside it, later rows indented
/// under the content (a numbered choice whose text wraps).
struct Hanging: FlowWidget {
    var marker: TextRun
    var content: any FlowWidget

    init(_ marker: TextRun, _ content: any FlowWidget) {
        self.marker = marker
        self.content = content
    }

    var indent: Int { CharacterWidth.of(marker.text) }

    func height(for width: Int) -> Int { content.height(for: max(1, width - indent)) }

    func draw(in area: Rect, on canvas: inout Canvas) {
        guard !area.isEmpty else { return }
        canvas.put(marker.text, x: area.x, y: area.y, style: marker.style, limit: area.maxX)
        content.draw(in: area.inset(left: indent), on: &canvas)
    }
}
