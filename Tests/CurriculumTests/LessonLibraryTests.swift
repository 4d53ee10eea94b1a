import Foundation
import Testing

@testable import Curriculum

/// A fresh temporary directory holding `files` (name to contents), removed after `body`.
func withLessonDirectory(
    _ files: [String: Data], _ body: (String) throws -> Void
) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("ptt-curriculum-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (name, contents) in files {
        try contents.write(to: URL(fileURLWithPath: directory + "/" + name))
    }
    try body(directory)
}

func lesson(_ id: String, _ body: String = "Text.\n") -> Data {
    Data("---\nid: \(id)\ntitle: \(id.capitalized)\n---\n\(body)".utf8)
}

@Suite("Lesson library")
struct LessonLibraryTests {
    @Test("a broken file is skipped with its diagnostics and hides nothing else")
    func brokenFileSkipped() throws {
        try withLessonDirectory([
            "02-thread.md": lesson("thread", "```lab racee\nx\n```\n"),
            "01-process.md": lesson("process"),
            "03-fork.md": lesson("fork"),
            "README.md": Data("# Not a lesson\n".utf8),
            "notes.txt": Data("ignored".utf8),
            ".01-process.md": Data("editor lock file".utf8),
        ]) { directory in
            let library = try LessonLibrary.load(directory: directory, labNames: testLabNames)
            #expect(library.lessons.map(\.id) == ["process", "fork"])
            #expect(library.lessons.map(\.file) == [directory + "/01-process.md", directory + "/03-fork.md"])
            #expect(library.skippedFiles == [directory + "/02-thread.md"])
            #expect(
                library.diagnostics.map(\.description) == [
                    "\(directory)/02-thread.md:5: unknown lab 'racee' (known: race, locked, atomic, interleave, ipc, crash, fork, switch, spawn, memory, deadlock, scaling, threads-overhead)"
                ])
            #expect(library.lesson(id: "fork")?.title == "Fork")
            #expect(library.lesson(id: "thread") == nil)
        }
    }

    @Test("files load in name order")
    func nameOrder() throws {
        try withLessonDirectory([
            "10-c.md": lesson("c"), "02-b.md": lesson("b"), "01-a.md": lesson("a"),
        ]) { directory in
            let library = try LessonLibrary.load(directory: directory, labNames: testLabNames)
            #expect(library.lessons.map(\.id) == ["a", "b", "c"])
        }
    }

    @Test("a duplicate id is reported on the later file's id line and that file is skipped")
    func duplicateIDs() throws {
        try withLessonDirectory([
            "01-a.md": lesson("same"),
            "02-b.md": Data("---\ntitle: B\nid: same\n---\n".utf8),
        ]) { directory in
            let library = try LessonLibrary.load(directory: directory + "/", labNames: testLabNames)
            #expect(library.lessons.map(\.file) == [directory + "/01-a.md"])
            #expect(library.skippedFiles == [directory + "/02-b.md"])
            #expect(
                library.diagnostics.map(\.description) == [
                    "\(directory)/02-b.md:3: duplicate lesson id 'same' (already used by \(directory)/01-a.md)"
                ])
        }
    }

    @Test("a file that is not UTF-8 is reported on line 1")
    func notUTF8() throws {
        try withLessonDirectory([
            "01-a.md": lesson("a"),
            "02-latin1.md": Data([0x2D, 0x2D, 0x2D, 0x0A, 0xE9, 0x0A]),
        ]) { directory in
            let library = try LessonLibrary.load(directory: directory, labNames: testLabNames)
            #expect(library.lessons.map(\.id) == ["a"])
            #expect(library.diagnostics.map(\.description) == ["\(directory)/02-latin1.md:1: file is not valid UTF-8"])
        }
    }

    @Test("paths in diagnostics are joined from the directory as given, not resolved")
    func pathsAsGiven() throws {
        try withLessonDirectory(["01-a.md": lesson("a", "<details>\n")]) { directory in
            let name = URL(fileURLWithPath: directory).lastPathComponent
            let roundabout = directory + "/../" + name
            let library = try LessonLibrary.load(directory: roundabout, labNames: testLabNames)
            #expect(
                library.diagnostics.map(\.description) == [
                    "\(roundabout)/01-a.md:5: HTML is not supported (ptt would show the tags as text; write it in Markdown)"
                ])
        }
    }

    @Test("a missing, non-directory or empty path throws an error naming it")
    func directoryErrors() throws {
        #expect(throws: LessonLibraryError.directoryMissing("/nonexistent/ptt-lessons")) {
            try LessonLibrary.load(directory: "/nonexistent/ptt-lessons", labNames: testLabNames)
        }
        #expect(
            LessonLibraryError.directoryMissing("x").description == "lesson directory 'x' does not exist")
        try withLessonDirectory(["README.md": Data("x".utf8), "a.txt": Data("x".utf8)]) { directory in
            #expect(throws: LessonLibraryError.noLessons(directory)) {
                try LessonLibrary.load(directory: directory, labNames: testLabNames)
            }
            #expect(throws: LessonLibraryError.notADirectory(directory + "/a.txt")) {
                try LessonLibrary.load(directory: directory + "/a.txt", labNames: testLabNames)
            }
            #expect(
                LessonLibraryError.noLessons(directory).description == "no lesson files (*.md) in '\(directory)'")
        }
    }
}
