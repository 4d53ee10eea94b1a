import Curriculum
import TerminalUI
import Testing

@testable import ptt

@Suite("Screens at 80x24")
struct ScreenTests {
    @Test("the home screen lists the lessons with marks and progress")
    func home() throws {
        let m = model(try fixtureLibrary())
        try assertSnapshot(view(m), named: "home-80x24")
    }

    @Test("the reader shows the title, the table with rules and the live part")
    func reader() throws {
        let m = model(try fixtureLibrary(), [.key(.enter)])
        #expect(m.route == .lesson)
        try assertSnapshot(view(m), named: "reader-80x24")
    }

    @Test("reading to the end marks the lesson read on the home screen")
    func readMark() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 12), [.key(.enter)])
        #expect(m.readLessons.isEmpty)
        _ = update(&m, .key(.character("G")))
        #expect(m.readLessons == ["one"])
        _ = update(&m, .key(.character("q")))
        let screen = view(m).text
        #expect(screen.contains("1/2 lessons read"))
        #expect(screen.contains("✓  1  First Lesson"))
    }

    @Test("help lists the keys of the screen in front")
    func help() throws {
        let home = model(try fixtureLibrary(), keys("?"))
        #expect(view(home).text.contains("open lesson 1"))
        let reader = model(try fixtureLibrary(), [.key(.enter)] + keys("?"))
        try assertSnapshot(view(reader), named: "reader-help-80x24")
        var closed = reader
        _ = update(&closed, .key(.character("z")))
        #expect(closed.overlay == nil)
    }

    @Test("the table of contents jumps to a heading")
    func contents() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 14), [.key(.enter)] + keys("t"))
        #expect(m.overlay == .contents(selected: 0))
        #expect(view(m).text.contains("A table"))
        _ = update(&m, .key(.down))
        _ = update(&m, .key(.enter))
        #expect(m.overlay == nil)
        let code = try #require(m.reader?.layout.headings.first { $0.title == "Code" })
        #expect(m.reader?.offset == min(code.y, (m.reader?.layout.height ?? 0) - LessonScreen.viewport(m.size).height))
    }

    @Test("below the minimum size the screen says so, and recovers")
    func tooSmall() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 30, height: 8))
        #expect(view(m).text.contains("terminal too small"))
        #expect(view(m).text.contains("30x8, need 40x12"))
        _ = update(&m, .resize(Size(width: 80, height: 24)))
        #expect(view(m).text.contains("First Lesson"))
    }

    @Test("a resize re-lays the lesson out for the new width")
    func resizeRelayout() throws {
        var m = model(try fixtureLibrary(), [.key(.enter)])
        let wide = m.reader?.layout.width
        _ = update(&m, .resize(Size(width: 50, height: 20)))
        #expect(m.reader?.layout.width != wide)
        #expect(m.reader?.layout.width == LessonScreen.documentWidth(Size(width: 50, height: 20)))
        #expect(view(m).text.contains("Isolated"))
    }

    @Test("n and p move between lessons and stop at the ends")
    func nextPrevious() throws {
        var m = model(try fixtureLibrary(), [.key(.enter)])
        _ = update(&m, .key(.character("n")))
        #expect(m.reader?.index == 1)
        _ = update(&m, .key(.character("n")))
        #expect(m.notice == "last lesson")
        _ = update(&m, .key(.left))
        #expect(m.reader?.index == 0)
    }

    @Test("Tab marks the next live part and Enter says when its lab is not in this ptt")
    func liveParts() throws {
        var m = model(try fixtureLibrary())
        m.labs.entries.removeAll { $0.name == "switch" }
        for key in [Key.enter, .tab] { _ = update(&m, .key(key)) }
        #expect(m.reader?.focus == 0)
        #expect(view(m).text.contains("▶╭─ Live lab: race"))
        _ = update(&m, .key(.tab))
        #expect(m.reader?.focus == 1)
        #expect(view(m).text.contains("▶╭─ Live lab: switch"))
        _ = update(&m, .key(.enter))
        #expect(m.notice == "lab switch: not in this ptt")
        #expect(m.route == .lesson)
    }

    @Test("q on home quits, q in a lesson goes back")
    func quitting() throws {
        var m = model(try fixtureLibrary(), [.key(.enter)])
        #expect(update(&m, .key(.character("q"))).isEmpty)
        #expect(m.route == .home)
        #expect(update(&m, .key(.character("q"))) == [.quit])
    }

    @Test("every shipped lesson lays out at 40, 80 and 200 columns without losing a word")
    func shippedLessonsLayOut() throws {
        let library = try shippedLibrary()
        #expect(library.lessons.count == 10)
        for lesson in library.lessons {
            for width in [36, 76, 196] {
                let layout = LessonLayout(lesson: lesson, width: width, available: { _ in false })
                let text = layout.canvas.lines.joined(separator: " ")
                // Every word of every paragraph shows up somewhere.
                for block in lesson.blocks {
                    guard case .paragraph(let rich) = block else { continue }
                    for word in rich.plainText.split(separator: " ").prefix(40) where word.count < width - 4 {
                        #expect(text.contains(word), "\(lesson.id) at \(width): lost '\(word)'")
                    }
                }
            }
        }
    }

    @Test("a lesson laid out again for a new width (a resize) is the lesson laid out fresh at that width")
    func relaidIsFresh() throws {
        let library = try shippedLibrary()
        for lesson in library.lessons {
            let first = LessonLayout(
                lesson: lesson, width: 60, available: { $0.kindOf == .lab }, measure: LessonScreen.measure)
            for width in [10, 38, 78, 118, 198] {
                let fresh = LessonLayout(
                    lesson: lesson, width: width, available: { $0.kindOf == .lab }, measure: LessonScreen.measure)
                let relaid = first.relaid(width: width)
                #expect(relaid.height == fresh.height, "\(lesson.id) at \(width)")
                #expect(relaid.headings == fresh.headings, "\(lesson.id) at \(width)")
                #expect(relaid.liveParts == fresh.liveParts, "\(lesson.id) at \(width)")
                #expect(relaid.canvas.lines == fresh.canvas.lines, "\(lesson.id) at \(width)")
            }
        }
    }

    @Test("the app loop restores the terminal when it is told to stop")
    func loopStops() throws {
        let terminal = TestTerminal(events: [.key(.down), .key(.enter), .resize(Size(width: 60, height: 20))])
        var app = App(model: AppModel(library: try fixtureLibrary(), size: Size(width: 80, height: 24)))
        let status = try app.run(on: terminal)
        #expect(status == 128 + 15)  // the script ran out: the test terminal says SIGTERM
        #expect(terminal.started && terminal.stopped)
        #expect(terminal.frames.count == 4)
        #expect(terminal.frames.last?.size == Size(width: 60, height: 20))
        #expect(terminal.screen.contains("Second Lesson"))
    }
}
