import Curriculum
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The navigation stack, the keys declared once per screen, the lab registry
/// and the routing of lab messages by run.
@Suite("Navigation, keys and the lab registry")
struct NavigationTests {
    @Test("lesson → quiz → the question's lesson → q → q comes back to the first lesson, not another")
    func backThroughTheStack() throws {
        var m = try quizModel()
        _ = update(&m, .key(.character("2")))
        #expect(m.route == .lesson && m.reader?.index == 1)
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        #expect(m.route == .quiz)
        _ = update(&m, answerKey(m, right: false))
        _ = update(&m, .key(.character("l")))
        #expect(m.route == .lesson && m.reader?.index == 0, "the question's own lesson, on top")
        #expect(m.stack.map(\.name) == ["home", "lesson", "quiz", "lesson"])
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .quiz)
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .lesson && m.reader?.index == 1, "back on lesson 2, where the quiz was opened")
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .home)
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }

    @Test("n in a lesson replaces it: q still goes back to where the lesson was opened from")
    func nextLessonReplaces() throws {
        var m = model(try fixtureLibrary(), [.key(.enter)])
        _ = update(&m, .key(.character("n")))
        #expect(m.reader?.index == 1)
        #expect(m.stack.map(\.name) == ["home", "lesson"])
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .home)
    }

    /// Every key a screen's bar shows is in its help and is taken; every key
    /// that applies has a help line.
    func checkKeys<S: Screen>(_ screen: S, _ app: AppModel, sourceLocation: SourceLocation = #_sourceLocation) {
        let sections = S.keyMap.helpSections(screen, app)
        let helpRows = sections.flatMap(\.keys)
        let applying = S.keyMap.bindings.filter { $0.when(screen, app) }
        for binding in applying {
            #expect(
                !binding.help.isEmpty, "\(screen.name): \(binding.label) has no help", sourceLocation: sourceLocation)
            #expect(
                helpRows.contains { $0.1 == binding.help }, "\(screen.name): \(binding.label) missing from the help",
                sourceLocation: sourceLocation)
            // Each declared key reaches this binding or one declared before it for the same key.
            for key in binding.keys {
                var copy = screen
                var appCopy = app
                #expect(
                    copy.handle(key, &appCopy) != nil, "\(screen.name): \(key) is declared but not taken",
                    sourceLocation: sourceLocation)
            }
        }
        for hint in S.keyMap.hints(screen, app) {
            #expect(
                applying.contains { $0.label == hint.key || $0.labelText?(screen, app) == hint.key },
                "\(screen.name): hint \(hint.key) has no binding", sourceLocation: sourceLocation)
        }
        let bar = screen.statusBar(app).hints.map(\.key)
        #expect(bar.contains("?") && bar.contains("q"), "\(screen.name): ? and q are always in the bar")
    }

    @Test("every screen's hint bar and help come from the keys it takes")
    func keysDeclaredOnce() throws {
        var m = try quizModel()
        checkKeys(HomeScreen(), m)
        let lesson = try #require(LessonScreen.open(&m, index: 0))
        checkKeys(lesson, m)
        for kind in CounterKind.allCases {
            var counter = CounterScreen(kind: kind)
            checkKeys(counter, m)
            _ = counter.handle(.character("s"), &m)
            checkKeys(counter, m)
        }
        let scenarios = InterleaveLab.scenarios(for: m.library)
        var game = InterleaveScreen(scenarios: scenarios)
        checkKeys(game, m)
        _ = game.handle(.enter, &m)
        checkKeys(game, m)
        _ = game.handle(.character("t"), &m)
        checkKeys(game, m)
        _ = game.handle(.character("t"), &m)
        _ = game.handle(.character("w"), &m)
        checkKeys(game, m)
        checkKeys(IPCScreen(), m)
        checkKeys(CrashScreen(), m)
        checkKeys(ForkScreen(), m)
        checkKeys(MemoryScreen(), m)
        _ = m.openQuiz(level: nil, section: nil, practice: false, limit: 10)
        var quiz = try #require(m.screen(QuizScreen.self))
        checkKeys(quiz, m)
        _ = quiz.handle(answerKey(m, right: true).key!, &m)
        checkKeys(quiz, m)
    }

    @Test("the keys a step needs stay in the bar however narrow it is")
    func goalKeyStays() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 40, height: 12))
        _ = m.openLab("interleave")
        _ = update(&m, .key(.enter))
        let screen = try #require(m.screen(InterleaveScreen.self))
        #expect(screen.lab.game != nil)
        let shown = screen.statusBar(m).visibleHints(width: 40).map(\.key)
        #expect(shown.contains("1-2"), "\(shown)")
        #expect(shown.contains("?"))
    }

    @Test("every registered lab is a ptt demo subcommand, a known fence name and startable from a lesson")
    func registryFeedsEverything() throws {
        let registry = LabRegistry.standard
        let help = DemoCommand.helpMessage()
        for entry in registry.entries {
            #expect(help.contains(entry.name), "ptt demo --help lists \(entry.name)")
            let text = "---\nid: t\ntitle: T\n---\n```lab \(entry.name)\ncaption\n```\n"
            #expect(LessonParser.parse(text, file: "t.md", labNames: registry.names).diagnostics.isEmpty)
            #expect(model(try fixtureLibrary()).isAvailable(.lab(entry.name)))
        }
        let unknown = "---\nid: t\ntitle: T\n---\n```lab teleport\ncaption\n```\n"
        #expect(
            LessonParser.parse(unknown, file: "t.md", labNames: registry.names).diagnostics.map(\.description)
                == ["t.md:5: unknown lab 'teleport' (known: \(registry.names.joined(separator: ", ")))"])
    }

    @Test("a lab added to the registry is offered by the lesson launcher")
    func addedLabIsOffered() throws {
        var m = model(try fixtureLibrary())
        #expect(!m.isAvailable(.lab("switch")) || LabRegistry.standard.entry(named: "switch") != nil)
        var fork = try #require(LabRegistry.standard.entry(named: "fork"))
        fork.name = "switch"
        m.labs.entries.append(fork)
        #expect(m.isAvailable(.lab("switch")))
        let lesson = try #require(LessonScreen.open(&m, index: 0))
        #expect(lesson.reader.layout.liveParts.map(\.part.name).contains("switch"))
    }

    @Test("a late failure of one lab's run never reaches another lab's screen")
    func lateFailureStaysWithItsRun() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("crash")
        while m.frontRun == nil, m.route == .crash { _ = update(&m, .key(.character("s"))) }  // skip the predictions
        let crashRun = try #require(m.frontRun)
        let leaving = update(&m, .key(.character("q")))
        #expect(stops(leaving) == 1)
        _ = m.openLab("fork")
        _ = update(&m, .key(.character("s")))
        let forkRun = try #require(m.frontRun)
        #expect(crashRun != forkRun)
        _ = update(&m, .lab(crashRun, .failed("the crash lab's child did not get ready in 10 s")))
        #expect(m.route == .fork)
        #expect(!view(m).text.contains("could not run"))
        #expect(m.needsTicks, "the fork run is still awaited")
        _ = update(&m, .lab(forkRun, .failed("fork failed: EAGAIN")))
        #expect(view(m).text.contains("could not run: fork failed: EAGAIN"))
    }
}

extension Msg {
    var key: Key? { if case .key(let key) = self { key } else { nil } }
}

@Suite("Real and model side by side")
struct RaceToModelTests {
    @Test("after a race that lost updates, o opens the lost-update scenario playing its shortest losing order")
    func raceOpensTheModel() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("race")
        _ = update(&m, .key(.character("s")))  // no prediction
        let report = CounterReport(
            lab: .race, threads: 2, incrementsPerThread: 1_000_000, expected: 2_000_000, final: 1_400_000,
            lost: 600_000, seconds: 3, nsPerIncrement: 1.5, cpus: 2, pinned: true, cancelled: false, pacedSeconds: 3)
        _ = m.labSays(.finished(report))
        _ = m.labSays(.finished(report))
        #expect(view(m).text.contains("o one losing order"))
        _ = update(&m, .key(.character("o")))
        #expect(m.screenName == "lab interleave")
        #expect(m.notice == "each of the 600,000 lost updates was one order like this")
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .counter)
    }
}
