import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

func fixtureLibrary() throws -> LessonLibrary {
    try LessonLibrary.load(directory: testsDirectory.appendingPathComponent("Fixtures/lessons").path)
}

func shippedLibrary() throws -> LessonLibrary {
    try LessonLibrary.load(
        directory: testsDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "lessons"
        ).path)
}

/// Feeds messages to a fresh model, on the home screen, and returns it.
func model(_ library: LessonLibrary, size: Size = Size(width: 80, height: 24), _ messages: [Msg] = []) -> AppModel {
    var m = AppModel(library: library, size: size)
    _ = navigate(&m, [.push(HomeScreen())])
    for msg in messages { _ = update(&m, msg) }
    return m
}

/// The screen in front, as the tests name it.
enum TestRoute: Equatable {
    case home, lesson, counter, interleave, quiz, ipc, crash, fork, memory, other
}

extension AppModel {
    var route: TestRoute {
        switch screenName {
        case "home": .home
        case "lesson": .lesson
        case "quiz": .quiz
        case "lab counter": .counter
        case "lab interleave": .interleave
        case "lab ipc": .ipc
        case "lab crash": .crash
        case "lab fork": .fork
        case "lab memory": .memory
        default: .other
        }
    }

    /// The topmost screen of each kind's state, as the screens hold it.
    var reader: ReaderState? { screen(LessonScreen.self)?.reader }
    var quiz: QuizState? { screen(QuizScreen.self)?.quiz }
    var counter: CounterLabState? { screen(CounterScreen.self)?.lab }
    var interleave: InterleaveLabState? { screen(InterleaveScreen.self)?.lab }
    var ipc: IPCLabState? {
        get { screen(IPCScreen.self)?.lab }
        set {
            guard let newValue, let i = stack.lastIndex(where: { $0.base is IPCScreen }),
                var screen = stack[i].base as? IPCScreen
            else { return }
            screen.lab = newValue
            stack[i] = AnyScreen(screen)
        }
    }
    var memory: MemoryLabState? { screen(MemoryScreen.self)?.lab }

    /// Opens a lab as a lesson would, and returns the effects for the loop.
    mutating func openLab(_ name: String) -> [Effect] { open(.lab(name)) }

    /// Opens a quiz round on top, as the home screen's `i` does.
    mutating func openQuiz(level: QuizLevel?, section: String?, practice: Bool, limit: Int) -> [Effect] {
        navigate(&self, QuizScreen.open(&self, level: level, section: section, practice: practice, limit: limit))
    }

    /// Opens lesson `index` on top.
    mutating func openLesson(_ index: Int) {
        if let screen = LessonScreen.open(&self, index: index) { _ = navigate(&self, [.push(screen)]) }
    }

    /// The run the screen in front holds (its latest).
    var frontRun: RunID? { front?.base.runs.last }

    /// What the loop would hand over when the front screen's run says something.
    mutating func labSays(_ output: LabOutput) -> [Effect] {
        guard let run = frontRun else { return [] }
        return update(&self, .lab(run, output))
    }
}

/// The configurations of the lab runs `effects` start, in order.
func started(_ effects: [Effect]) -> [String] {
    effects.compactMap { if case .startLab(_, let start) = $0 { start.detail } else { nil } }
}

/// The controls `effects` send to running labs.
func controlsSent(_ effects: [Effect]) -> [String] {
    effects.compactMap { if case .controlLab(_, let control) = $0 { control.description } else { nil } }
}

/// How many runs `effects` stop.
func stops(_ effects: [Effect]) -> Int {
    effects.filter { if case .stopLab = $0 { true } else { false } }.count
}

func keys(_ s: String) -> [Msg] { s.map { .key(.character($0)) } }

/// Compares a screen with `Snapshots/NAME.txt`. Re-record explicitly with
/// `PTT_RECORD=1 swift test --filter PttTests`; review snapshot diffs like code.
func assertSnapshot(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = testsDirectory.appendingPathComponent("Snapshots/\(name).txt")
    let text = canvas.text + "\n"
    if ProcessInfo.processInfo.environment["PTT_RECORD"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt: record it with PTT_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    let a = text.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    var diffs: [String] = []
    for i in 0..<max(a.count, e.count) {
        let al = i < a.count ? String(a[i]) : "∅"
        let el = i < e.count ? String(e[i]) : "∅"
        if al != el { diffs.append("line \(i + 1):\n  expected: \(el)\n  actual:   \(al)") }
    }
    #expect(
        diffs.isEmpty, "\(name) differs:\n\(diffs.prefix(6).joined(separator: "\n"))", sourceLocation: sourceLocation)
}
