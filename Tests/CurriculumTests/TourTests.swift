import Foundation
import Testing

@testable import Curriculum

@Suite("Tour files and the notes channel")
struct TourTests {
    static let tourFile = ShippedLessonsTests.lessonsDirectory + "/tour.md"
    /// The labs the app knows (the app checks these itself; listed here for the shipped tour).
    static let labs = [
        "race", "locked", "atomic", "interleave", "ipc", "crash", "fork", "memory", "switch", "spawn", "scaling",
        "deadlock", "threads-overhead",
    ]

    @Test("the shipped tour parses, names real lessons, headings, questions and labs, and plans about 20 minutes")
    func shippedTour() throws {
        let result = TourParser.load(path: Self.tourFile)
        #expect(result.diagnostics.map(\.description) == [])
        let tour = try #require(result.tour)
        #expect(tour.id == "tour")
        #expect((8...14).contains(tour.steps.count))
        #expect(abs(tour.plannedMinutes - 20) <= 2)
        #expect(tour.steps.allSatisfy { !$0.notes.isEmpty })
        let library = try LessonLibrary.load(directory: ShippedLessonsTests.lessonsDirectory)
        let bank = QuizBank.load(
            directory: QuizBank.directory(inLessons: ShippedLessonsTests.lessonsDirectory),
            sections: Set(library.lessons.map(\.id)))
        #expect(tour.check(lessons: library, quiz: bank).map(\.description) == [])
        #expect(result.unknownLabs(known: Self.labs).map(\.description) == [])
        #expect(result.labReferences.map(\.name).contains("deadlock"))
        #expect(tour.steps.contains { $0.kind == .lab(name: "race", options: ["--threads", "2"]) })
        // The tour is not taken for a lesson.
        #expect(!library.lessons.contains { $0.id == "tour" })
    }

    @Test("a step's fields become a step")
    func parsesStep() throws {
        let text = """
            ---
            id: t
            title: T
            ---

            ```tour-step
            kind: lesson
            title: First
            lesson: overview
            heading: Process vs Thread
            minutes: 1.5
            note: one
            note: two
            ```

            ```tour-step
            kind: quiz
            title: Q
            question: race-condition
            minutes: 2
            ```
            """
        let result = TourParser.parse(text, file: "t.md")
        #expect(result.diagnostics == [])
        let tour = try #require(result.tour)
        #expect(
            tour.steps == [
                TourStep(
                    kind: .lesson(id: "overview", heading: "Process vs Thread"), title: "First", minutes: 1.5,
                    notes: ["one", "two"], line: 6),
                TourStep(kind: .quiz(question: "race-condition"), title: "Q", minutes: 2, notes: [], line: 16),
            ])
        #expect(tour.plannedMinutes == 3.5)
    }

    /// A tour with one mistake per step, and one good step.
    static let brokenTour = """
        ---
        id: broken
        title: Broken tour
        ---

        ```tour-step
        kind: labb
        title: Bad kind
        minutes: 1
        ```

        ```tour-step
        kind: lab
        lab: race
        title: Bad minutes
        minutes: ten
        ```

        ```tour-step
        kind: lab
        lab: race
        title: No minutes
        ```

        ```tour-step
        kind: lab
        lab: race
        title: Unknown key
        minutes: 1
        speaker: someone
        ```

        ```tour-step
        kind: lab
        title: No lab
        minutes: 1
        ```

        ```tour-step
        kind: lesson
        lesson: overview
        question: race-condition
        title: Mixed kinds
        minutes: 1
        ```

        ```tour-step
        kind: quiz
        question: race-condition
        title: Zero minutes
        minutes: 0
        ```

        ```tour-step
        kind: quiz
        question: race-condition
        title:
        minutes: 1
        ```

        ```tour-step
        kind: lab
        lab: racee
        title: Good
        minutes: 2
        ```
        """

    @Test("broken steps give file:line errors, and one broken step never hides the others")
    func brokenTour() throws {
        let result = TourParser.parse(Self.brokenTour, file: "lessons/broken-tour.md")
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages == [
                "lessons/broken-tour.md:7: unknown step kind 'labb' (known: lesson, lab, quiz)",
                "lessons/broken-tour.md:16: bad minutes 'ten' (a number more than 0 and at most 60)",
                "lessons/broken-tour.md:19: step has no minutes:",
                "lessons/broken-tour.md:30: unknown key 'speaker' (known: kind, title, minutes, note, lesson, heading, lab, options, question)",
                "lessons/broken-tour.md:33: lab step has no lab:",
                "lessons/broken-tour.md:42: 'question:' does not belong in a lesson step (it takes lesson, heading)",
                "lessons/broken-tour.md:51: bad minutes '0' (a number more than 0 and at most 60)",
                "lessons/broken-tour.md:57: empty title",
            ], "\(messages)")
        // The one good step survives; its unknown lab is left to the app.
        #expect(result.tour?.steps.map(\.title) == ["Good"])
        #expect(
            result.unknownLabs(known: ["race"]).map(\.description) == [
                "lessons/broken-tour.md:63: unknown lab 'racee' (known: race)"
            ])
    }

    @Test("a missing lesson, heading or question is named with its step's line")
    func checkAgainstLibrary() throws {
        let text = """
            ---
            id: t
            title: T
            ---

            ```tour-step
            kind: lesson
            title: A
            lesson: nowhere
            minutes: 1
            ```

            ```tour-step
            kind: lesson
            title: B
            lesson: overview
            heading: No such heading
            minutes: 1
            ```

            ```tour-step
            kind: quiz
            title: C
            question: no-such-question
            minutes: 1
            ```
            """
        let tour = try #require(TourParser.parse(text, file: "t.md").tour)
        let library = try LessonLibrary.load(directory: ShippedLessonsTests.lessonsDirectory)
        let bank = QuizBank.load(
            directory: QuizBank.directory(inLessons: ShippedLessonsTests.lessonsDirectory), sections: nil)
        let problems = tour.check(lessons: library, quiz: bank)
        #expect(problems.map(\.line) == [6, 13, 21])
        #expect(problems[0].message.hasPrefix("unknown lesson 'nowhere' (known: overview, process"))
        #expect(
            problems[1].message.hasPrefix("lesson 'overview' has no heading 'No such heading' (it has: Topic Overview"))
        #expect(problems[2].message == "unknown quiz question 'no-such-question'")
    }

    @Test("a tour without steps, or without a header, says so")
    func emptyTour() {
        let none = TourParser.parse("---\nid: t\ntitle: T\n---\n\nJust text.\n", file: "t.md")
        #expect(none.diagnostics.map(\.description) == ["t.md:1: no steps (add a ```tour-step block for each step)"])
        let headless = TourParser.parse("```tour-step\nkind: lab\n```\n", file: "h.md")
        #expect(headless.tour == nil)
        #expect(headless.diagnostics.first?.description.hasPrefix("h.md:1: missing header") == true)
    }

    @Test("a lesson excerpt runs from its heading to the next one of the same level")
    func excerpt() throws {
        let lesson = try #require(
            LessonParser.parse(
                "---\nid: x\ntitle: X\n---\n# A\n\na\n\n## B\n\nb\n\n### C\n\nc\n\n## D\n\nd\n", file: "x.md"
            )
            .lesson)
        let b = try #require(lesson.excerpt(heading: "b"))
        #expect(b.count == 4)
        #expect(b.first == .heading(level: 2, text: [Span("B")]))
        #expect(b.last == .paragraph([Span("c")]))
        #expect(lesson.excerpt(heading: "Z") == nil)
    }

    @Test("the position file round-trips, adds up time per step, and names itself when damaged")
    func positionChannel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptt-tour-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let channel = TourChannel(path: directory.appendingPathComponent("state/tour-position.json").path)
        #expect(try channel.read() == nil)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        var position = TourPosition(tourFile: "lessons/tour.md", stepCount: 3, now: t0, presenterPid: 42)
        position.move(to: 1, now: t0 + 30)
        position.move(to: 0, now: t0 + 50)
        position.move(to: 1, now: t0 + 60)
        #expect(position.seconds(onStep: 0, now: t0 + 60) == 40)
        #expect(position.seconds(onStep: 1, now: t0 + 65) == 25)
        #expect(position.stepIndex == 1)
        try channel.write(position)
        #expect(try channel.read() == position)
        var attributes = stat()
        #expect(stat(channel.path, &attributes) == 0 && attributes.st_mode & 0o777 == 0o600)
        position.move(to: 99, now: t0 + 70)
        #expect(position.stepIndex == 2)
        position.end(now: t0 + 80)
        try channel.write(position)
        #expect(try channel.read()?.ended == true)
        #expect(try channel.read()?.seconds(onStep: 2, now: t0 + 1000) == 10)

        try Data("{not json".utf8).write(to: URL(fileURLWithPath: channel.path))
        #expect(throws: TourChannelError(path: channel.path, reason: "is damaged (not a ptt tour position)")) {
            try channel.read()
        }
    }

    @Test("the position file sits beside the progress file")
    func defaultPath() {
        #expect(
            TourChannel.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/state/ptt/tour-position.json")
        #expect(TourChannel.defaultPath(environment: ["XDG_STATE_HOME": "/s"]) == "/s/ptt/tour-position.json")
        #expect(TourChannel.defaultPath(environment: ["PTT_STATE": "/x/p.json"]) == "/x/tour-position.json")
        #expect(TourChannel.defaultPath(environment: [:]) == nil)
    }
}
