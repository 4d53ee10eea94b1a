import ArgumentParser
import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// Presenter mode: `P` anywhere, big figures from the screen in front, the key legend.
@Suite("Presenter mode")
struct PresenterTests {
    func raceModel(size: Size) throws -> AppModel {
        var m = model(try fixtureLibrary(), size: size)
        _ = m.openLab("race")
        _ = update(&m, .key(.character("s")))
        _ = m.labSays(
            .progress(
                CounterSnapshot(
                    kind: .race, perThreadDone: [400_000, 380_000], incrementsPerThread: 1_000_000, counter: 500_000,
                    expected: 2_000_000, elapsed: 1.5, finished: false, cancelled: false, lostSoFar: 280_000, cpus: 2,
                    pinned: true)))
        return m
    }

    @Test("presenter mode says what the hidden status bar would (a notice) and draws nothing dim")
    func noticeAndContrast() throws {
        var m = try raceModel(size: Size(width: 80, height: 24))
        m.notice = "recorded to /tmp/class.json"
        var plain = m
        plain.presenting = false
        // Drawn as usual, the screen has dim text; presenter mode has none.
        #expect(view(plain).cells.contains { $0.style.dim || $0.style.role == .dim })
        m.presenting = true
        let canvas = view(m)
        #expect(canvas.text.contains("recorded to /tmp/class.json"))
        #expect(!canvas.cells.contains { $0.style.dim || $0.style.role == .dim })
        #expect(canvas.text.contains("leave presenter"))
    }

    /// Whether `text` in block glyphs appears in `canvas`, all five rows one under another.
    func showsBig(_ text: String, _ canvas: Canvas, scale: Int = 1) -> Bool {
        let big = BigText(text).scale(scale)
        var glyphs = Canvas(width: big.width, height: big.rows)
        big.draw(in: glyphs.bounds, on: &glyphs)
        let rows = (0..<big.rows).map { glyphs.line($0) }
        let lines = (0..<canvas.height).map { Array(canvas.line($0)) }
        let glyphRows = rows.map { Array($0) }
        let width = glyphRows[0].count
        for y in 0...(max(0, lines.count - glyphRows.count)) where lines[y].count >= width {
            for x in 0...(lines[y].count - width) {
                let fits = glyphRows.indices.allSatisfy { i in
                    y + i < lines.count && lines[y + i].count >= x + width
                        && Array(lines[y + i][x..<(x + width)]) == glyphRows[i]
                }
                if fits { return true }
            }
        }
        return false
    }

    func big(_ m: AppModel) -> Bool { showsBig("500,000", view(m)) }

    @Test("P turns presenter mode on and off from a lab screen")
    func toggles() throws {
        var m = try raceModel(size: Size(width: 80, height: 24))
        #expect(!m.presenting)
        #expect(!big(m))
        _ = update(&m, .key(.character("P")))
        #expect(m.presenting)
        #expect(m.screenName == "lab counter")
        #expect(big(m))
        _ = update(&m, .key(.character("P")))
        #expect(!m.presenting)
        #expect(!big(m))
    }

    @Test("at 80×24 the race shows the counter and the lost updates in big digits, and the key legend")
    func race80x24() throws {
        var m = try raceModel(size: Size(width: 80, height: 24))
        m.presenting = true
        let canvas = view(m)
        let counter = showsBig("500,000", canvas)
        let lost = showsBig("280,000", canvas)
        #expect(counter && lost)
        // The expected total rides in the counter's unit; only two figures fit, the third not drawn, even cut.
        #expect(canvas.text.contains("of 2,000,000 expected"))
        #expect(!canvas.text.contains("OS threads"))
        #expect(canvas.line(0).contains("race"))
        let legend = (16..<24).map { canvas.line($0) }.joined()
        #expect(legend.contains(" q ") && legend.contains("leave presenter") && legend.contains(" ? "))
    }

    @Test("at 200×60 four figures fit, two side by side, in glyphs twice as large")
    func race200x60() throws {
        var m = try raceModel(size: Size(width: 200, height: 60))
        m.presenting = true
        let canvas = view(m)
        for figure in ["500,000", "280,000", "2"] {
            let shown = showsBig(figure, canvas, scale: 2)
            #expect(shown, "\(figure)")
        }
        let labels = (0..<canvas.height).map { canvas.line($0) }.first { $0.hasPrefix("  counter") } ?? ""
        #expect(labels.contains("lost updates"), "side by side: \(labels)")
        #expect(canvas.text.contains("OS threads"))
    }

    @Test("a screen without figures is drawn as usual above the presenter legend")
    func noFigures() throws {
        var m = model(try fixtureLibrary())
        let normal = view(m)
        _ = update(&m, .key(.character("P")))
        #expect(m.presenting && m.screenName == "home")
        let canvas = view(m)
        #expect(canvas.line(0) == normal.line(0))
        #expect(canvas.text.contains("leave presenter"))
    }

    @Test("the help lists P on every screen that has the shared keys")
    func helpListsP() throws {
        var m = try raceModel(size: Size(width: 80, height: 24))
        _ = update(&m, .key(.character("?")))
        #expect(view(m).text.contains("presenter mode"))
    }

    @Test("--present parses before or after the command, and json ignores it")
    func option() throws {
        #expect(try GlobalOptions.parse(["--present"]).present)
        #expect(try !GlobalOptions.parse([]).present)
        let tutor = try Ptt.parseAsRoot(Ptt.hoistingGlobalOptions(["--present"]))
        #expect((tutor as? TutorCommand)?.global.present == true)
        let demo = try Ptt.parseAsRoot(Ptt.hoistingGlobalOptions(["--present", "demo", "race", "--json"]))
        #expect(String(describing: type(of: demo)).contains("Counter") || demo is any LabCommand)
        _ = try Ptt.parseAsRoot(["demo", "race", "--present", "--json"])
        let tour = try Ptt.parseAsRoot(["tour", "--present"])
        #expect((tour as? TourCommand)?.global.present == true)
    }

    @Test("a measured figure puts its number in big digits and its unit beside")
    func measuredSplits() {
        #expect(PresenterFigure("switch", measured: "1.23 µs") == PresenterFigure("switch", "1.23", unit: "µs"))
        #expect(PresenterFigure("rate", measured: "812") == PresenterFigure("rate", "812"))
        #expect(IPCScreen.split("1.23 M") == ("1.23", "M "))
    }
}

/// `--seed N`: the projector and the students' laptops get the same quiz order.
@Suite("Seeded quiz order")
struct SeedTests {
    func order(seed: UInt64?, at now: Date) throws -> [String] {
        var m = try quizModel(now: now)
        m.seed = seed
        _ = m.openQuiz(level: nil, section: nil, practice: true, limit: 10)
        let quiz = try #require(m.screen(QuizScreen.self))
        return quiz.quiz.round.items.map { "\($0.question.id) \($0.choiceOrder)" }
    }

    @Test("the same seed gives the same round at any time of day")
    func sameSeed() throws {
        let a = try order(seed: 42, at: quizNow)
        let b = try order(seed: 42, at: quizNow.addingTimeInterval(3_607))
        #expect(a.count > 1)
        #expect(a == b)
        // Without a seed the two times give different rounds, so the seed is what held it.
        #expect(try order(seed: nil, at: quizNow) != order(seed: nil, at: quizNow.addingTimeInterval(3_607)))
    }

    @Test("--seed parses as a global option, before or after the command")
    func parses() throws {
        #expect(try GlobalOptions.parse(["--seed", "7"]).seed == 7)
        let quiz = try Ptt.parseAsRoot(Ptt.hoistingGlobalOptions(["--seed", "7", "quiz"]))
        #expect((quiz as? QuizCommand)?.global.seed == 7)
        #expect(throws: (any Error).self) { try GlobalOptions.parse(["--seed", "x"]) }
    }
}

/// `--no-animation`: the counter lab runs at full speed only and shows the final figures.
@Suite("Reduced motion")
struct ReducedMotionTests {
    @Test("the race skips the watched run and shows the final count of the full-speed run")
    func raceFinalOnly() throws {
        var m = model(try fixtureLibrary())
        m.reducedMotion = true
        _ = m.openLab("race")
        let effects = update(&m, .key(.character("s")))
        let configs = started(effects)
        #expect(configs.count == 1 && configs[0].contains("fullSpeed") && !configs[0].contains("paced"), "\(configs)")
        #expect(m.counter?.phase == .measuring)
        // A snapshot mid-run is not drawn; the finished one is.
        let mid = CounterSnapshot(
            kind: .race, perThreadDone: [400_000, 380_000], incrementsPerThread: 1_000_000, counter: 500_000,
            expected: 2_000_000, elapsed: 0.01, finished: false, cancelled: false, lostSoFar: 280_000, cpus: 2,
            pinned: true)
        _ = m.labSays(.progress(mid))
        #expect(m.counter?.snapshot == nil)
        var last = mid
        (last.perThreadDone, last.counter, last.lostSoFar, last.finished) = (
            [1_000_000, 1_000_000], 1_234_567, 765_433, true
        )
        _ = m.labSays(.progress(last))
        _ = m.labSays(
            .finished(
                CounterReport(
                    lab: .race, threads: 2, incrementsPerThread: 1_000_000, expected: 2_000_000, final: 1_234_567,
                    lost: 765_433, seconds: 0.01, nsPerIncrement: 5, cpus: 2, pinned: true, cancelled: false,
                    pacedSeconds: nil)))
        #expect(m.counter?.phase == .finished)
        let text = view(m).text
        #expect(text.contains("counter = 1,234,567"))
        #expect(text.contains("765,433"))
    }

    @Test("--no-animation parses as a global option")
    func parses() throws {
        #expect(try GlobalOptions.parse(["--no-animation"]).noAnimation)
        let demo = try Ptt.parseAsRoot(Ptt.hoistingGlobalOptions(["--no-animation", "demo", "race"]))
        #expect(String(describing: demo).contains("noAnimation: true"))
    }
}
