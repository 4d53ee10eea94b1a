import Foundation
import Testing

/// The shipped tour, walked as an instructor does: `ptt tour --present` on
/// the projector and `ptt tour --notes` in a second terminal, every step to
/// the end and back one, at the two sizes presenter mode is made for.
@Suite("The shipped tour, end to end", .serialized, .enabled(if: hasTmux, "tmux is not installed"))
struct TourWalkTests {
    /// One `tour-step` fence of the tour file, as the test reads it.
    struct Step {
        var kind = ""
        var title = ""
        var fields: [String: String] = [:]
        var notes: [String] = []
        /// What the step's second header line names: `lab race`, `question ID`, `lesson ID`.
        var kindLabel: String {
            switch kind {
            case "lab": "lab \(fields["lab"] ?? "")"
            case "quiz": "question \(fields["question"] ?? "")"
            default: "lesson \(fields["lesson"] ?? "")"
            }
        }
    }

    static let tourFile = packageRoot.appendingPathComponent("lessons/tour.md")

    /// The steps of lessons/tour.md, in order (a plain reading of its fences;
    /// `ptt check` is what validates the file).
    static func steps() throws -> [Step] {
        var steps: [Step] = []
        var current: Step?
        for line in try String(contentsOf: tourFile, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line == "```tour-step" {
                current = Step()
            } else if line == "```", let step = current {
                steps.append(step)
                current = nil
            } else if current != nil, let colon = line.firstIndex(of: ":") {
                let key = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "kind": current?.kind = value
                case "title": current?.title = value
                case "note": current?.notes.append(value)
                default: current?.fields[key] = value
                }
            }
        }
        return steps
    }

    /// The screen's rows, the title bar first.
    func rows(_ screen: String) -> [Substring] { screen.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The first words of a note, as the notes terminal starts it (it wraps after that).
    func opening(_ note: String) -> String { note.split(separator: " ").prefix(4).joined(separator: " ") }

    func walk(width: Int, height: Int) throws {
        let steps = try Self.steps()
        try #require(steps.count >= 2, "the tour file has fewer than two steps")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-tour-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = shellQuote(dir.appendingPathComponent("progress.json").path)
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let ptt = shellQuote(pttBinary)
        let presenter = try TmuxSession(
            command: "\(ptt) tour --present --lessons \(lessons) --state \(state); echo EXIT=$?; sleep 60",
            width: width, height: height)
        let notes = try TmuxSession(
            command: "\(ptt) tour --notes --lessons \(lessons) --state \(state); sleep 60", width: width,
            height: height)
        let count = steps.count
        for (i, step) in steps.enumerated() {
            let n = i + 1
            if i > 0 { try presenter.sendKeys("Space") }
            // Settled: a capture taken halfway through a redraw never counts.
            let screen = try presenter.waitFor(
                timeout: 10, settled: true, what: "step \(n) (\(step.title))"
            ) { $0.contains("step \(n) of \(count)") && $0.contains("\(n). \(step.title)") }
            let lines = rows(screen)
            #expect(screen.contains(step.kindLabel), "step \(n) does not say '\(step.kindLabel)':\n\(screen)")
            #expect(screen.contains("of \(count)") && screen.contains("total "), "\(screen)")
            #expect(screen.contains("leave presenter"), "step \(n) lost the presenter legend:\n\(screen)")
            #expect(lines.allSatisfy { $0.count <= width }, "a row wider than \(width) columns:\n\(screen)")
            switch step.kind {
            case "lab":
                let lab = step.fields["lab"] ?? ""
                #expect(screen.contains("Lab: \(lab)") && screen.contains("open \(lab)"), "\(screen)")
                #expect(screen.contains("ptt demo \(lab)"), "no shell command for \(lab):\n\(screen)")
                if let options = step.fields["options"] {
                    #expect(screen.contains(options), "step \(n) does not show its options:\n\(screen)")
                }
            case "quiz":
                #expect(screen.contains("a)") && screen.contains("Enter shows the answer"), "\(screen)")
                #expect(screen.contains("Enter") && screen.contains("answer"), "\(screen)")
            default:
                // A lesson excerpt: text below the header (and the legend's two rows).
                let text = lines.dropFirst(5).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                #expect(text.count > 4, "step \(n) shows no excerpt:\n\(screen)")
            }
            // A table drawn beside a scroll bar keeps its right border.
            for line in lines where line.trimmingCharacters(in: .whitespaces).hasPrefix("┌") {
                var row = line.trimmingCharacters(in: .whitespaces)
                if row.hasSuffix("┃") || row.hasSuffix("│") {
                    row = row.dropLast().trimmingCharacters(in: .whitespaces)
                }
                #expect(row.hasSuffix("┐"), "a table lost its right edge at step \(n):\n\(screen)")
            }
            // The second terminal follows, with this step's notes and the clock.
            let followed = try notes.waitFor(timeout: 5, settled: true, what: "the notes at step \(n)") {
                $0.contains("step \(n) of \(count)") && $0.contains("\(n). \(step.title)")
            }
            #expect(followed.contains("this step ") && followed.contains("total "), "\(followed)")
            if let first = step.notes.first {
                #expect(followed.contains(opening(first)), "the notes miss '\(first)':\n\(followed)")
            }
            if i + 1 < count {
                #expect(followed.contains("Next: \(steps[i + 1].title)"), "\(followed)")
            }
        }
        // The last step: Space says how to end instead of doing nothing.
        try presenter.sendKeys("Space")
        let last = try presenter.waitFor("q ends the tour")
        #expect(last.contains("step \(count) of \(count)"), "\(last)")
        // A quiz step reveals its answer with Enter.
        if steps[count - 1].kind == "quiz" {
            try presenter.sendKeys("Enter")
            // Settled: a capture between two writes can hold the new mark and the old hint.
            let answered = try presenter.waitFor(settled: true, what: "the answer shown") { $0.contains("✓") }
            #expect(!answered.contains("Enter shows the answer"), "\(answered)")
        }
        try presenter.sendKeys("BSpace")
        let back = try presenter.waitFor("step \(count - 1) of \(count)")
        #expect(back.contains("\(count - 1). \(steps[count - 2].title)"), "\(back)")
        try notes.waitFor(timeout: 5, what: "the notes back at step \(count - 1)") {
            $0.contains("step \(count - 1) of \(count)") && $0.contains("\(count - 1). \(steps[count - 2].title)")
        }
        // Leaving: ptt ends cleanly and the notes list each step's time against its plan.
        try presenter.sendKeys("q")
        try presenter.waitFor("EXIT=0")
        let ended = try notes.waitFor(timeout: 5, what: "the notes after the tour") {
            $0.contains("The tour has ended.") && $0.contains("Time on each step")
        }
        for (i, step) in steps.enumerated() where rows(ended).count > count + 6 {
            #expect(ended.contains("\(i + 1). "), "step \(i + 1) (\(step.title)) missing at the end:\n\(ended)")
        }
    }

    @Test("at 80×24, every step of lessons/tour.md shows in --present, the notes follow, and the end goes back one")
    func walk80x24() throws { try walk(width: 80, height: 24) }

    @Test("at 200×60, the same walk")
    func walk200x60() throws { try walk(width: 200, height: 60) }

    @Test("a tour file named relative to the presenter's folder still gives the notes, from another folder")
    func relativeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-tour-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: Self.tourFile, to: dir.appendingPathComponent("class.md"))
        let first = try #require(try Self.steps().first)
        let state = shellQuote(dir.appendingPathComponent("progress.json").path)
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let ptt = shellQuote(pttBinary)
        let presenter = try TmuxSession(
            command:
                "cd \(shellQuote(dir.path)) && \(ptt) tour class.md --lessons \(lessons) --state \(state); sleep 60")
        try presenter.waitFor("step 1 of")
        let notes = try TmuxSession(command: "cd / && \(ptt) tour --notes --state \(state); sleep 60")
        let followed = try notes.waitFor(timeout: 5, what: "the first step's notes") {
            $0.contains("1. \(first.title)") || $0.contains("cannot be read")
        }
        #expect(!followed.contains("cannot be read"), "\(followed)")
        if let note = first.notes.first { #expect(followed.contains(opening(note)), "\(followed)") }
    }

    @Test("a lab opened from a tour step comes back to the same step on q")
    func labAndBack() throws {
        let steps = try Self.steps()
        let index = try #require(steps.firstIndex { $0.kind == "lab" && $0.fields["lab"] == "fork" }, "no fork step")
        let ptt = shellQuote(pttBinary)
        let lessons = shellQuote(packageRoot.appendingPathComponent("lessons").path)
        let presenter = try TmuxSession(command: "\(ptt) tour --present --lessons \(lessons); sleep 60")
        try presenter.waitFor("step 1 of \(steps.count)")
        for _ in 0..<index { try presenter.sendKeys("Space") }
        try presenter.waitFor("step \(index + 1) of \(steps.count)")
        try presenter.sendKeys("Enter")
        try presenter.waitFor("Press 1-3 to choose")
        try presenter.sendKeys("1")
        let result = try presenter.waitFor(timeout: 10, what: "the fork result") {
            $0.contains("PID") && $0.contains("fork again")
        }
        // Presenter mode shows the two values as big figures, labelled by PID.
        #expect(result.contains("reads") && result.contains("wrote its copy"), "\(result)")
        try presenter.sendKeys("q")
        let back = try presenter.waitFor("step \(index + 1) of \(steps.count)")
        #expect(back.contains("\(index + 1). \(steps[index].title)"), "\(back)")
    }
}
