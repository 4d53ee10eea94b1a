import Curriculum
import Foundation
import TerminalUI
import Testing

@testable import ptt

/// The tour and its notes screen, driven by messages: the channel writes
/// are the controls the tour sends, the follower's readings are progress.
@Suite("Tour screens")
struct TourScreenTests {
    static let text = """
        ---
        id: tour
        title: A test tour
        ---

        ```tour-step
        kind: lesson
        title: One, the table
        lesson: one
        heading: A table
        minutes: 1
        note: Say what the table shows.
        ```

        ```tour-step
        kind: lab
        title: Lost updates
        lab: race
        options: --threads 4
        minutes: 2.5
        note: Ask first what the counter will say.
        note: Then run it.
        ```

        ```tour-step
        kind: quiz
        title: Check
        question: isolated
        minutes: 1
        ```
        """

    final class Clock: @unchecked Sendable {
        // @unchecked: tests move it from one thread only.
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    func tourModel(
        _ clock: Clock, text: String = TourScreenTests.text, size: Size = Size(width: 80, height: 24)
    ) throws -> (AppModel, [Effect]) {
        let library = try fixtureLibrary()
        var m = model(library, size: size)
        m.bank = fixtureBank(library)
        m.clock = { clock.now }
        let parsed = TourParser.parse(text, file: "tour.md")
        #expect(parsed.diagnostics.isEmpty)
        let tour = try #require(parsed.tour)
        #expect(tour.check(lessons: library, quiz: m.bank).isEmpty)
        let effects = navigate(&m, TourScreen.open(tour: tour, channel: TourChannel(path: "/nonexistent/t.json"), &m))
        return (m, effects)
    }

    @Test("the tour opens at step 1 with its excerpt and publishes its position; Space and Backspace move")
    func walk() throws {
        let clock = Clock()
        var (m, opening) = try tourModel(clock)
        #expect(m.screenName == "tour")
        #expect(started(opening).count == 1)
        #expect(controlsSent(opening).count == 1)
        var screen = view(m).text
        #expect(screen.contains("1. One, the table") && screen.contains("step 1 of 3") && screen.contains("A table"))
        clock.now += 75
        screen = view(m).text
        #expect(screen.contains("on this step 1:15"), "\(screen)")
        try assertSnapshot(view(m), named: "tour-step1-80x24")
        let next = update(&m, .key(.character(" ")))
        let published = try #require(
            next.compactMap { effect -> TourPosition? in
                if case .controlLab(_, let c) = effect { c.value as? TourPosition } else { nil }
            }.first)
        #expect(published.stepIndex == 1)
        #expect(published.seconds(onStep: 0, now: clock.now) == 75)
        screen = view(m).text
        #expect(screen.contains("2. Lost updates") && screen.contains("--threads 4"), "\(screen)")
        #expect(m.screen(TourScreen.self)?.position.stepIndex == 1)
        _ = update(&m, .key(.backspace))
        #expect(m.screen(TourScreen.self)?.position.stepIndex == 0)
        _ = update(&m, .key(.backspace))
        #expect(m.screen(TourScreen.self)?.position.stepIndex == 0, "no step before the first")
    }

    @Test("Enter on a lab step opens the lab with the step's options; q there comes back to the tour")
    func openLab() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock)
        _ = update(&m, .key(.character(" ")))
        let effects = update(&m, .key(.enter))
        #expect(m.screenName == "lab counter")
        #expect(m.counter?.threads == 4, "the step's --threads 4 was not used")
        _ = effects
        _ = update(&m, .key(.character("q")))
        #expect(m.screenName == "tour")
        #expect(m.screen(TourScreen.self)?.position.stepIndex == 1)
    }

    @Test("Enter on a lesson step opens the lab its excerpt embeds")
    func lessonLab() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock)
        _ = update(&m, .key(.enter))
        #expect(m.screenName == "lab counter")
    }

    @Test("a quiz step shows the question; Enter reveals the answer")
    func quizStep() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock)
        _ = update(&m, .key(.character(" ")))
        _ = update(&m, .key(.character(" ")))
        #expect(view(m).text.contains("Enter shows the answer"))
        _ = update(&m, .key(.enter))
        #expect(!view(m).text.contains("Enter shows the answer"))
        #expect(view(m).text.contains("✓"))
    }

    @Test("leaving the tour publishes that it ended, then stops the channel run")
    func leave() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock)
        let effects = update(&m, .key(.character("q")))
        let last = try #require(
            effects.compactMap { effect -> TourPosition? in
                if case .controlLab(_, let c) = effect { c.value as? TourPosition } else { nil }
            }.last)
        #expect(last.ended)
        #expect(stops(effects) == 1)
    }

    @Test("a step taller than the screen scrolls to its end and no further; the scroll bar leaves the table whole")
    func scrollStops() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock, size: Size(width: 80, height: 14))
        #expect(view(m).text.contains("scroll"), "a step that does not fit offers no scroll key")
        for _ in 0..<60 { _ = update(&m, .key(.down)) }
        let bottom = view(m).text
        _ = update(&m, .key(.down))
        #expect(view(m).text == bottom, "scrolled past the end")
        _ = update(&m, .key(.up))
        #expect(view(m).text != bottom, "one key up after many down did not move: the offset ran past the end")
        for _ in 0..<60 { _ = update(&m, .key(.up)) }
        let top = view(m).text
        for line in top.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("┌") {
            var row = line.trimmingCharacters(in: .whitespaces)
            if row.hasSuffix("┃") || row.hasSuffix("│") { row = row.dropLast().trimmingCharacters(in: .whitespaces) }
            #expect(row.hasSuffix("┐"), "the scroll bar covers the table's right edge:\n\(top)")
        }
        let roomy = try tourModel(clock, size: Size(width: 80, height: 40)).0
        #expect(!view(roomy).text.contains("scroll"), "a step that fits offers a scroll key")
    }

    @Test("Space on the last step stays there and says that q ends the tour")
    func lastStep() throws {
        let clock = Clock()
        var (m, _) = try tourModel(clock)
        _ = update(&m, .key(.character(" ")))
        _ = update(&m, .key(.character(" ")))
        #expect(view(m).text.contains("step 3 of 3 · last"))
        let effects = update(&m, .key(.character(" ")))
        #expect(controlsSent(effects).isEmpty, "a move was published from the last step")
        #expect(m.screen(TourScreen.self)?.position.stepIndex == 2)
        #expect(m.notice?.contains("q ends the tour") == true, "\(m.notice ?? "no notice")")
        // In presenter mode the legend hides the status bar: the notice shows in the step's header.
        m.presenting = true
        _ = update(&m, .key(.character(" ")))
        #expect(view(m).text.contains("q ends the tour"), "\(view(m).text)")
        #expect(view(m).text.contains("total "), "presenter mode hides the tour's total")
    }

    @Test("on a lesson step, Enter opens the lab whose card is on screen, not the first one above it")
    func visibleCard() throws {
        let text = """
            ---
            id: tour
            title: Cards
            ---

            ```tour-step
            kind: lesson
            title: The whole first lesson
            lesson: one
            minutes: 2
            ```
            """
        let clock = Clock()
        var (m, _) = try tourModel(clock, text: text, size: Size(width: 80, height: 16))
        _ = update(&m, .key(.enter))
        #expect(m.screenName == "lab counter", "at the top Enter should open the race, the first card")
        _ = update(&m, .key(.character("q")))
        for _ in 0..<80 { _ = update(&m, .key(.down)) }
        #expect(view(m).text.contains("Live lab: switch"), "\(view(m).text)")
        _ = update(&m, .key(.enter))
        #expect(m.screenName.contains("switch"), "Enter opened \(m.screenName), not the switch card on screen")
    }

    @Test("the notes screen waits for a tour, then shows the step's notes and both clocks")
    func notes() throws {
        let clock = Clock()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-tour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tour.md").path
        try Self.text.write(toFile: file, atomically: true, encoding: .utf8)
        var m = model(try fixtureLibrary())
        m.clock = { clock.now }
        let opening = navigate(&m, TourNotesScreen.open(channel: TourChannel(path: dir.path + "/pos.json"), &m))
        #expect(started(opening).count == 1)
        #expect(view(m).text.contains("Waiting for a tour"))
        var position = TourPosition(tourFile: file, stepCount: 3, now: clock.now)
        clock.now += 30
        position.move(to: 1, now: clock.now)
        clock.now += 200
        _ = m.labSays(.progress(TourFollowed.position(position)))
        let screen = view(m)
        for text in [
            "2. Lost updates", "Ask first what the counter will say.", "Then run it.", "this step 3:20 of 2.5 min",
            "over", "total 3:50 of 4.5 min", "Next: Check",
        ] {
            #expect(screen.text.contains(text), "no '\(text)':\n\(screen.text)")
        }
        try assertSnapshot(screen, named: "tour-notes-80x24")
        // The tour ends: each step's time against its plan, the one over it marked.
        clock.now += 10
        position.end(now: clock.now)
        _ = m.labSays(.progress(TourFollowed.position(position)))
        let ended = view(m).text
        for text in [
            "The tour has ended.", "Time on each step", "1. One, the table", "0:30 of 1 min", "2. Lost updates",
            "3:30 of 2.5 min", "3. Check", "0:00 of 1 min", "total 4:00 of 4.5 min",
        ] {
            #expect(ended.contains(text), "no '\(text)':\n\(ended)")
        }
    }
}
