import Foundation
import Testing

@testable import Curriculum

let knownSections: Set<String> = ["process", "thread", "interview"]

/// A question in the bank's format, with parts that can be replaced.
func questionText(
    id: String = "q1", section: String? = "process", prompt: String = "What is a process?",
    choices: String? = "- [x] A running program\n- [ ] A file\n  A file is only the program.\n",
    answer: String = "A program in execution.", keyPoints: String = "- own memory\n- a PID\n"
) -> String {
    var text = "## \(id)\n\n"
    if let section { text += "section: \(section)\n\n" }
    text += "### Question\n\n\(prompt)\n\n"
    if let choices { text += "### Choices\n\n\(choices)\n" }
    text += "### Answer\n\n\(answer)\n\n### Key points\n\n\(keyPoints)\n"
    return text
}

func quizFile(level: String = "beginner", _ questions: String...) -> String {
    "---\nlevel: \(level)\n---\n\n# Questions\n\nAn introduction.\n\n" + questions.joined(separator: "\n")
}

@Suite("Quiz bank")
struct QuizBankTests {
    static let shippedQuizDirectory = QuizBank.directory(inLessons: ShippedLessonsTests.lessonsDirectory)

    static func shippedBank() throws -> QuizBank {
        let library = try LessonLibrary.load(directory: ShippedLessonsTests.lessonsDirectory)
        return QuizBank.load(directory: shippedQuizDirectory, sections: Set(library.lessons.map(\.id)))
    }

    @Test("the shipped bank loads with no problems and at least 13 questions per level")
    func shippedBankLoads() throws {
        let bank = try Self.shippedBank()
        #expect(bank.diagnostics.map(\.description) == [])
        #expect(
            bank.files.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "beginner.md", "intermediate.md", "senior.md",
            ])
        for level in QuizLevel.allCases {
            #expect(bank.questions(level: level).count >= 13, "\(level)")
        }
    }

    @Test("every shipped question is complete: prompt, answer, 2-5 key points, choices with one right and reasons")
    func shippedQuestionsValid() throws {
        let bank = try Self.shippedBank()
        #expect(Set(bank.questions.map(\.id)).count == bank.questions.count)
        for q in bank.questions {
            #expect(!q.prompt.plainText.isEmpty, "\(q.id)")
            #expect(!q.answer.isEmpty, "\(q.id)")
            #expect((2...5).contains(q.keyPoints.count), "\(q.id)")
            if q.kind == .choice {
                #expect((2...4).contains(q.choices.count), "\(q.id)")
                #expect(q.choices.filter(\.isRight).count == 1, "\(q.id)")
                for choice in q.choices where !choice.isRight {
                    #expect(choice.explanation?.plainText.isEmpty == false, "\(q.id): \(choice.text.plainText)")
                }
            }
        }
        // Both kinds are used at every level.
        for level in QuizLevel.allCases {
            let kinds = Set(bank.questions(level: level).map(\.kind))
            #expect(kinds == [.choice, .recall], "\(level)")
        }
    }

    @Test("the article's three interview questions are in the bank, word for word, one per level")
    func articleQuestionsPresent() throws {
        let bank = try Self.shippedBank()
        let article: [(QuizLevel, String)] = [
            (.beginner, "What is the difference between a process and a thread?"),
            (.intermediate, "When would you use processes vs threads? Explain with examples."),
            (
                .senior,
                "Design a concurrent web server that handles 10,000 concurrent connections. Should you use processes or threads? How do you handle context switching, memory management, and fault isolation?"
            ),
        ]
        for (level, prompt) in article {
            let match = bank.questions.first { $0.prompt.plainText == prompt }
            #expect(match?.level == level, "missing: \(prompt)")
            #expect(match?.section == "interview")
        }
    }

    @Test("the lesson library does not read the quiz folder as lessons")
    func libraryIgnoresQuizFolder() throws {
        let library = try LessonLibrary.load(directory: ShippedLessonsTests.lessonsDirectory)
        #expect(library.lessons.count == 10)
        #expect(!library.lessons.contains { $0.file.contains("/quiz/") })
    }

    @Test("a valid file parses into both kinds of question")
    func parsesBothKinds() {
        let text = quizFile(
            questionText(id: "choice-one"),
            questionText(
                id: "recall-one", section: "thread", prompt: "Name **two** things threads share.", choices: nil))
        let result = QuizParser.parse(text, file: "quiz/beginner.md", sections: knownSections)
        #expect(result.diagnostics == [])
        #expect(result.questions.map(\.id) == ["choice-one", "recall-one"])
        let choice = result.questions[0]
        #expect(choice.kind == .choice)
        #expect(choice.level == .beginner)
        #expect(choice.rightChoice == 0)
        #expect(choice.choices[1].explanation?.plainText == "A file is only the program.")
        #expect(choice.keyPoints.map(\.plainText) == ["own memory", "a PID"])
        let recall = result.questions[1]
        #expect(recall.kind == .recall)
        #expect(recall.section == "thread")
        #expect(recall.prompt == [Span("Name "), Span("two", .strong), Span(" things threads share.")])
    }

    @Test("the four problems check must catch name the file and line")
    func requiredDiagnostics() {
        let text = quizFile(
            questionText(id: "no-right", choices: "- [ ] A\n  no\n- [ ] B\n  no\n"),  // Choices at line 16
            questionText(id: "unknown-section", section: "procss"),
            questionText(id: "empty-points", keyPoints: ""),
            questionText(id: "no-right"))
        let file = "lessons/quiz/beginner.md"
        let bank = QuizBank.build([(file, text)], sections: knownSections)
        let messages = bank.diagnostics.map(\.description)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(of prefix: String, after start: Int = 0) -> Int {
            (lines.indices.first { $0 >= start && lines[$0].hasPrefix(prefix) } ?? -1) + 1
        }
        let choicesLine = line(of: "### Choices")
        #expect(messages.contains("\(file):\(choicesLine): no right answer (mark the right choice '- [x]')"))
        let sectionLine = line(of: "section: procss")
        #expect(
            messages.contains(
                "\(file):\(sectionLine): unknown section 'procss' (known: interview, process, thread)"))
        let pointsLine = line(of: "### Key points", after: line(of: "## empty-points"))
        #expect(
            messages.contains(
                "\(file):\(pointsLine): empty key points (list 2 to 5 things an answer must mention)"))
        let secondUse = line(of: "## no-right", after: line(of: "## empty-points"))
        #expect(messages.contains("\(file):\(secondUse): duplicate question id 'no-right' (already used at \(file):9)"))
        #expect(bank.questions.isEmpty)
        #expect(bank.diagnostics.map(\.line) == bank.diagnostics.map(\.line).sorted())
    }

    @Test("a duplicate id across files drops only the later question")
    func duplicateAcrossFiles() {
        let bank = QuizBank.build(
            [
                ("quiz/a.md", quizFile(questionText(id: "same"))),
                ("quiz/b.md", quizFile(level: "senior", questionText(id: "same"), questionText(id: "other"))),
            ], sections: knownSections)
        #expect(bank.questions.map(\.id) == ["same", "other"])
        #expect(bank.questions.map(\.file) == ["quiz/a.md", "quiz/b.md"])
        #expect(
            bank.diagnostics.map(\.description) == [
                "quiz/b.md:9: duplicate question id 'same' (already used at quiz/a.md:9)"
            ])
    }

    @Test("more problems are reported, every one, and good questions survive them")
    func otherDiagnostics() {
        let text = quizFile(
            questionText(id: "Bad_ID"),
            questionText(id: "two-right", choices: "- [x] A\n- [x] B\n"),
            questionText(id: "no-reason", choices: "- [x] A\n- [ ] B\n"),
            questionText(id: "one-point", keyPoints: "- only\n"),
            questionText(id: "no-section", section: nil),
            "## no-answer\n\nsection: process\n\n### Question\n\nWhy?\n\n### Key points\n\n- a\n- b\n",
            "## odd-part\n\nsection: process\nlevel: expert\n\n### Hints\n\nnone\n",
            questionText(id: "fine"))
        let result = QuizParser.parse(text, file: "q.md", sections: knownSections)
        let messages = result.diagnostics.map(\.message)
        for expected in [
            "question id 'Bad_ID' may use only lowercase letters, digits and '-'",
            "2 choices are marked right (mark exactly one '- [x]')",
            "wrong choice without an explanation (add an indented line under it saying why)",
            "1 key point (give 2 to 5)",
            "question 'no-section' has no section (add 'section: LESSON-ID' under the heading)",
            "question 'no-answer' has no '### Answer' (the model answer)",
            "unknown level 'expert' (known: beginner, intermediate, senior)",
            "unknown part '### Hints' (known: '### Question', '### Choices', '### Answer', '### Key points')",
        ] {
            #expect(messages.contains(expected), "missing: \(expected)\n\(messages.joined(separator: "\n"))")
        }
        #expect(result.questions.map(\.id) == ["fine"])
        #expect(result.skipped.count == 7)
    }

    @Test("a missing quiz folder is an empty bank, not an error")
    func missingFolder() {
        let bank = QuizBank.load(directory: "/nonexistent/ptt/quiz", sections: nil)
        #expect(bank.questions.isEmpty && bank.diagnostics.isEmpty)
    }

    @Test("answers keep lists and code; a '##' inside a code fence is not a new question")
    func answersKeepBlocks() {
        let answer = "Two parts:\n\n- first\n- second\n\n```python\n## not a heading\nx = 1\n```"
        let result = QuizParser.parse(
            quizFile(questionText(answer: answer)), file: "q.md", sections: knownSections)
        #expect(result.diagnostics == [])
        #expect(result.questions.count == 1)
        #expect(result.questions.first?.answer.count == 3)
        if case .code(let language, let lines)? = result.questions.first?.answer.last {
            #expect(language == "python")
            #expect(lines == ["## not a heading", "x = 1"])
        } else {
            Issue.record("the answer lost its code block")
        }
    }
}
