import Curriculum
import Foundation
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

/// Feeds messages to a fresh model and returns it.
func model(_ library: LessonLibrary, size: Size = Size(width: 80, height: 24), _ messages: [Msg] = []) -> AppModel {
    var m = AppModel(library: library, size: size)
    for msg in messages { _ = update(&m, msg) }
    return m
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
