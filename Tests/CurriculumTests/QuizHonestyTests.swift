import Foundation
import Testing

@testable import Curriculum

/// A four-choice question whose choices have the given texts; the first is right.
func choiceQuestion(_ id: String, _ texts: [String]) -> QuizQuestion {
    QuizQuestion(
        id: id, level: .beginner, section: "process", prompt: [Span("Q?")],
        choices: texts.enumerated().map { i, text in
            QuizQuestion.Choice(text: [Span(text)], isRight: i == 0, explanation: i == 0 ? nil : [Span("why")])
        }, answer: [.paragraph([Span("A.")])], keyPoints: [[Span("a")], [Span("b")]])
}

@Suite("Quiz honesty: the answer-length lint, balanced choices, seeded shuffles")
struct QuizHonestyTests {
    @Test("the shipped bank passes the lint: no warning, no error")
    func shippedBankPassesLint() throws {
        let bank = try QuizBankTests.shippedBank()
        #expect(bank.warnings.map(\.description) == [])
        #expect(bank.errors.map(\.description) == [])
        for q in bank.questions { #expect(QuizLint.lengthGiveaway(q) == nil, "\(q.file):\(q.line) \(q.id)") }
    }

    @Test("in under 40 % of the shipped multiple-choice questions the right choice is the longest")
    func rightIsRarelyLongest() throws {
        let bank = try QuizBankTests.shippedBank()
        let choice = bank.questions.filter { $0.kind == .choice }
        #expect(choice.count >= 20)
        let fraction = QuizLint.rightIsLongestFraction(bank.questions)
        #expect(fraction < 0.4, "right choice longest in \(Int(fraction * 100)) % of \(choice.count)")
    }

    @Test("the lint fires on a giveaway fixture, as a warning naming the right choice's file:line")
    func lintFiresOnFixture() {
        let giveaway = questionText(
            id: "giveaway",
            choices: """
                - [ ] A file
                  A file is only the program.
                - [x] A program in execution with its own address space, resources and at least one thread
                - [ ] A function
                  A function runs inside a process.
                """)
        let text = quizFile(giveaway, questionText(id: "fair"))
        let result = QuizParser.parse(text, file: "quiz/fixture.md", sections: knownSections)
        // The question is kept: a lint never leaves a question out.
        #expect(result.questions.map(\.id) == ["giveaway", "fair"])
        let warnings = result.diagnostics.filter(\.isWarning)
        #expect(warnings.count == 1)
        let rightLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("- [x] A program in execution") }.map { $0 + 1 }
        #expect(warnings.first?.line == rightLine)
        #expect(warnings.first?.description.hasPrefix("quiz/fixture.md:\(rightLine ?? 0): warning: ") == true)
        #expect(warnings.first?.message.contains("giveaway") == true)
        #expect(result.diagnostics.filter { !$0.isWarning }.isEmpty)
        // The bank sorts it into warnings, not errors.
        let bank = QuizBank.build([("quiz/fixture.md", text)], sections: knownSections)
        #expect(bank.warnings.count == 1 && bank.errors.isEmpty)
    }

    @Test("the lint's thresholds: a ratio over 1.5 and more than 20 characters, both needed")
    func lintThresholds() {
        // 3× longer but only 12 characters more: short choices may differ.
        #expect(QuizLint.lengthGiveaway(choiceQuestion("short", ["eighteen chars...", "six ch", "wrong"])) == nil)
        // 30 characters more but only 1.4×: long, balanced choices.
        let long = String(repeating: "x", count: 105)
        let wrong = String(repeating: "y", count: 75)
        #expect(QuizLint.lengthGiveaway(choiceQuestion("balanced", [long, wrong, "z"])) == nil)
        // Both: a giveaway.
        let giveaway = choiceQuestion("giveaway", [String(repeating: "x", count: 80), "a wrong one", "another"])
        #expect(QuizLint.lengthGiveaway(giveaway)?.severity == .warning)
        // Open questions have nothing to give away.
        var open = giveaway
        open.choices = []
        #expect(QuizLint.lengthGiveaway(open) == nil)
    }

    @Test("right-is-longest counts only a strictly longest right choice")
    func rightIsLongestCounts() {
        let questions = [
            choiceQuestion("longest", ["a longer right one", "short", "tiny"]),
            choiceQuestion("tie", ["same", "same"]),
            choiceQuestion("shorter", ["short", "a longer wrong one"]),
        ]
        #expect(QuizLint.rightIsLongest(questions[0]))
        #expect(!QuizLint.rightIsLongest(questions[1]))
        #expect(!QuizLint.rightIsLongest(questions[2]))
        #expect(abs(QuizLint.rightIsLongestFraction(questions) - 1.0 / 3.0) < 1e-9)
        #expect(QuizLint.rightIsLongestFraction([]) == 0)
    }

    @Test("a seeded round is deterministic; each shuffle is a permutation that keeps the right answer")
    func seededShuffle() throws {
        let bank = try QuizBankTests.shippedBank()
        let progress = LearnerProgress()
        var orders: Set<[Int]> = []
        for seed in UInt64(0)..<30 {
            let round = QuizRound.plan(
                bank: bank, progress: progress, practice: true, limit: 100, now: monday, seed: seed)
            #expect(
                round
                    == QuizRound.plan(
                        bank: bank, progress: progress, practice: true, limit: 100, now: monday, seed: seed))
            for item in round.items {
                #expect(item.choiceOrder.sorted() == Array(item.question.choices.indices), "\(item.question.id)")
                if item.question.kind == .choice {
                    let position = try #require(item.rightPosition)
                    #expect(item.shownChoices[position].isRight)
                    #expect(item.shownChoices[position] == item.question.choices[item.question.rightChoice!])
                    if item.question.id == "what-is-a-process" { orders.insert(item.choiceOrder) }
                }
            }
        }
        // Different seeds give different orders (30 seeds over 24 permutations of 4 choices).
        #expect(orders.count > 5)
    }

    @Test("SplitMix64 is reproducible from its seed and differs between seeds")
    func splitMix() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        var c = SplitMix64(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        // The published reference sequence for seed 0.
        var zero = SplitMix64(seed: 0)
        #expect(
            [zero.next(), zero.next(), zero.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
    }
}

@Suite("Self-grades and lab links")
struct SelfGradeTests {
    @Test("yes, partly and no map to FSRS good, hard and again; keys y, p, n")
    func mapping() {
        #expect(SelfGrade.yes.reviewGrade == .good)
        #expect(SelfGrade.partly.reviewGrade == .hard)
        #expect(SelfGrade.no.reviewGrade == .again)
        #expect(SelfGrade.allCases.map(\.key) == ["y", "p", "n"])
        #expect(SelfGrade(key: "p") == .partly)
        #expect(SelfGrade(key: "x") == nil)
    }

    @Test("'partly' comes back later than 'no' and sooner than 'yes', and counts as right")
    func partlyBetween() {
        let q = sampleQuestion("open")
        var due: [SelfGrade: Date] = [:]
        for grade in SelfGrade.allCases {
            var progress = LearnerProgress()
            progress.recordAnswer(
                q, grade: grade.reviewGrade, at: monday, practice: false, scheduler: FSRSScheduler(day: utcDay))
            due[grade] = progress.quiz.cards["open"]!.due
            #expect(progress.quiz.history.last?.correct == (grade != .no))
            #expect(progress.quiz.history.last?.grade == grade.reviewGrade)
        }
        #expect(due[.no]! <= due[.partly]!)
        #expect(due[.partly]! <= due[.yes]!)
        let answer = QuizRound.Answer(q, selfGrade: .partly)
        #expect(answer.correct && answer.grade == .hard)
    }

    @Test("a replayed history keeps the 'partly' grade")
    func replayKeepsGrade() {
        let q = sampleQuestion("open")
        var progress = LearnerProgress()
        progress.recordAnswer(q, grade: .hard, at: monday, practice: false, scheduler: FSRSScheduler(day: utcDay))
        let fsrsCard = progress.quiz.cards["open"]
        progress.adopt(LeitnerScheduler(day: utcDay))
        progress.adopt(FSRSScheduler(day: utcDay))
        #expect(progress.quiz.cards["open"] == fsrsCard)
    }

    @Test("'lab: NAME' links a question to a lab; an unknown lab is an error naming the line")
    func labLink() {
        let linked = questionText(id: "linked").replacingOccurrences(
            of: "section: process\n", with: "section: process\nlab: spawn\n")
        let broken = questionText(id: "broken").replacingOccurrences(
            of: "section: process\n", with: "section: process\nlab: spwan\n")
        let text = quizFile(linked, broken)
        let result = QuizParser.parse(text, file: "q.md", sections: knownSections, labNames: testLabNames)
        #expect(result.questions.map(\.id) == ["linked"])
        #expect(result.questions.first?.lab == "spawn")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let badLine = lines.firstIndex { $0 == "lab: spwan" }.map { $0 + 1 }
        #expect(result.diagnostics.map(\.line) == [badLine])
        #expect(result.diagnostics.first?.message.hasPrefix("unknown lab 'spwan' (known: race,") == true)
    }

    @Test("every shipped lab link names a known lab, and each new lab answers at least two questions across levels")
    func shippedLabLinks() throws {
        let bank = try QuizBankTests.shippedBank()
        for lab in ["switch", "spawn", "scaling", "deadlock", "threads-overhead"] {
            let questions = bank.questions.filter { $0.lab == lab }
            #expect(questions.count >= 2, "\(lab)")
            #expect(Set(questions.map(\.level)).count >= 2, "\(lab)")
        }
        for q in bank.questions { if let lab = q.lab { #expect(testLabNames.contains(lab), "\(q.id)") } }
    }
}

@Suite("Predictions")
struct PredictionTests {
    @Test("a number is right within its tolerance, else off by a percentage; choices are right or wrong")
    func check() throws {
        let p = try Prediction.number(1_500_000, lab: "race", configuration: ["threads": "3"], valid: 0...3_000_000)
        #expect(p.check(against: .number(1_550_000)) == .right)
        let off = p.check(against: .number(2_000_000))
        #expect(off.summary == "off by 25 %")
        #expect(!off.isRight)
        let choice = Prediction(lab: "fork", value: .choice("42"))
        #expect(choice.check(against: .choice("42")).isRight)
        #expect(choice.check(against: .choice("99")) == .wrong)
    }

    @Test("an impossible value is refused with the valid range")
    func refusesImpossible() {
        #expect(throws: Prediction.OutOfRange.self) {
            try Prediction.number(4_000_000, lab: "race", valid: 0...3_000_000)
        }
        do {
            _ = try Prediction.number(-1, lab: "race", valid: 0...3_000_000)
            Issue.record("accepted -1")
        } catch {
            #expect(error.description == "-1 is impossible here: enter a value from 0 to 3000000")
        }
    }

    @Test("a prediction applies only to the lab and configuration it was made for")
    func tiedToConfiguration() throws {
        let p = try Prediction.number(1_500_000, lab: "race", configuration: ["threads": "3"], valid: 0...3_000_000)
        #expect(p.matches(lab: "race", configuration: ["threads": "3"]))
        #expect(!p.matches(lab: "race", configuration: ["threads": "2"]))
        #expect(!p.matches(lab: "locked", configuration: ["threads": "3"]))
    }

    @Test("a wrong prediction becomes a quiz card that is due like a wrong answer, its lab one key away")
    func wrongPredictionIsDue() throws {
        let miss = PredictionMiss(
            lab: "fork", section: "process", configuration: ["variable": "heap"], predicted: "99", measured: "42",
            explanation: "fork gives the child a copy-on-write copy.", at: monday)
        var progress = LearnerProgress()
        progress.recordWrongPrediction(miss, scheduler: FSRSScheduler(day: utcDay))
        let cards = progress.predictionQuestions
        #expect(cards.count == 1)
        let card = try #require(cards.first)
        #expect(card.lab == "fork")
        #expect(card.kind == .recall)
        #expect(card.prompt.plainText == "You predicted 99; the machine said 42. Why?")
        #expect(card.id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        let bank = sampleBank(["a"]).including(cards)
        let round = QuizRound.plan(bank: bank, progress: progress, now: monday.addingTimeInterval(days(2)), seed: 1)
        #expect(round.items.first?.question.id == card.id)
        #expect(round.items.first?.reason == .due)
        // It survives a save and load.
        let data = try JSONEncoder().encode(progress)
        #expect(try JSONDecoder().decode(LearnerProgress.self, from: data) == progress)
    }
}
