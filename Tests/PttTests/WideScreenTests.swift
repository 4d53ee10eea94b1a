import Curriculum
import Labs
import TerminalUI
import Testing

@testable import ptt

/// The home screen at 200×60 and 80×24, "Continue", and the reading
/// position across resizes.
@Suite("Wide and narrow screens")
struct WideScreenTests {
    @Test("at 200×60 the home screen lists every lab in the registry, each with whether it has been run")
    func homeListsEveryLab() throws {
        var m = model(try shippedLibrary(), size: Size(width: 200, height: 60))
        m.progress.recordLab("fork", at: m.clock())
        let text = view(m).text
        for entry in m.labs.entries {
            let line = text.split(separator: "\n").first {
                $0.contains("· \(entry.name) ") || $0.contains("✓ \(entry.name) ")
            }
            #expect(line != nil, "lab \(entry.name) listed")
            #expect(line?.contains(entry.name == "fork" ? "run 1×" : "not run") == true, "\(entry.name)'s run mark")
        }
        #expect(text.contains("Interview quiz") || m.bank.questions.isEmpty)
    }

    @Test("at 80×24 the lab list is left out and the lessons keep their place")
    func narrowHomeHasNoLabList() throws {
        let m = model(try shippedLibrary())
        let text = view(m).text
        #expect(!text.contains("threads-overhead"))
        #expect(text.contains("Lessons"))
    }

    @Test("Tab moves the focus to the lab list; Enter there starts that lab")
    func enterStartsTheSelectedLab() throws {
        var m = model(try shippedLibrary(), size: Size(width: 200, height: 60))
        let ipc = try #require(m.labs.entries.firstIndex { $0.name == "ipc" })
        _ = update(&m, .key(.tab))
        for _ in 0..<ipc { _ = update(&m, .key(.down)) }
        _ = update(&m, .key(.enter))
        #expect(m.screenName == "lab ipc")
        _ = update(&m, .key(.character("q")))
        #expect(m.route == .home)
        _ = update(&m, .key(.tab))
        _ = update(&m, .key(.enter))
        #expect(m.route == .lesson, "Tab again: back on the lessons")
    }

    @Test("Continue names the lesson left off and its percentage; Enter reopens it there")
    func continueResumes() throws {
        var m = model(try shippedLibrary())
        _ = update(&m, .key(.character("3")))
        for _ in 0..<30 { _ = update(&m, .key(.down)) }
        let offset = try #require(m.reader?.offset)
        #expect(offset > 0)
        _ = update(&m, .key(.character("q")))
        let title = m.library.lessons[2].title
        let line = view(m).text.split(separator: "\n").first { $0.contains("Continue:") }
        #expect(line?.contains("Continue: \(title), ") == true && line?.contains(" %") == true)
        _ = update(&m, .key(.enter))
        #expect(m.route == .lesson && m.reader?.index == 2 && m.reader?.offset == offset)
    }

    @Test("a finished lesson remembers its place too")
    func finishedLessonRemembersItsPlace() throws {
        var m = model(try shippedLibrary())
        _ = update(&m, .key(.character("2")))
        _ = update(&m, .key(.character("G")))
        for _ in 0..<5 { _ = update(&m, .key(.up)) }
        let offset = try #require(m.reader?.offset)
        #expect(m.readLessons.contains(m.library.lessons[1].id))
        _ = update(&m, .key(.character("q")))
        _ = update(&m, .key(.character("2")))
        #expect(m.reader?.offset == offset)
    }

    @Test("resizes 200×60 ↔ 80×24, any number of them, keep the reading position", arguments: [0.0, 0.37, 0.8, 1.0])
    func resizesKeepThePlace(fraction: Double) throws {
        let wide = Size(width: 200, height: 60)
        let narrow = Size(width: 80, height: 24)
        var m = model(try shippedLibrary(), size: wide)
        _ = update(&m, .key(.character("3")))
        let reader = try #require(m.reader)
        let maxOffset = ScrollView.maxOffset(
            contentHeight: reader.layout.height, height: LessonScreen.viewport(wide).height)
        let target = Int(Double(maxOffset) * fraction)
        for _ in 0..<target { _ = update(&m, .key(.down)) }
        let start = try #require(m.reader?.offset)
        let status = m.front?.base.status(m)
        let firstLine = view(m).text.split(separator: "\n", omittingEmptySubsequences: false)[2]
        for _ in 0..<7 {
            _ = update(&m, .resize(narrow))
            _ = update(&m, .resize(wide))
        }
        #expect(m.reader?.offset == start, "the same first row at 200×60 after 7 round trips")
        #expect(m.front?.base.status(m) == status)
        #expect(view(m).text.split(separator: "\n", omittingEmptySubsequences: false)[2] == firstLine)
        _ = update(&m, .resize(narrow))
        if fraction == 1.0 { #expect(m.front?.base.status(m) == "100%", "the end stays the end") }
    }

    @Test("the too-small message fits whole down to 20×5")
    func tooSmallFits() throws {
        for size in [Size(width: 20, height: 5), Size(width: 39, height: 11), Size(width: 26, height: 6)] {
            let m = model(try fixtureLibrary(), size: size)
            let text = view(m).text
            #expect(text.contains("terminal too small"))
            #expect(text.contains("\(size.width)x\(size.height), need 40x12"))
            #expect(text.contains("enlarge, or q quits") || text.contains("enlarge it, or q to quit"))
        }
    }
}

/// `/` in a lesson and from home.
@Suite("Search")
struct SearchTests {
    func type(_ m: inout AppModel, _ text: String) {
        for c in text { _ = update(&m, .key(.character(c))) }
    }

    @Test("/ in a lesson finds every match, > and < (Ctrl-N Ctrl-P) move between them; n still goes to the next lesson")
    func searchInALesson() throws {
        var m = model(try shippedLibrary())
        _ = update(&m, .key(.character("2")))
        _ = update(&m, .key(.character("/")))
        type(&m, "fork")
        _ = update(&m, .key(.enter))
        let screen = try #require(m.screen(LessonScreen.self))
        let search = try #require(screen.search)
        let lines = screen.reader.layout.canvas.lines
        let expected = lines.map { $0.lowercased().components(separatedBy: "fork").count - 1 }.reduce(0, +)
        #expect(search.rows.count == expected && expected > 1)
        let first = try #require(m.reader?.offset)
        #expect(lines[search.rows[0]].lowercased().contains("fork"))
        #expect(view(m).text.split(separator: "\n").dropFirst(2).contains { $0.lowercased().contains("fork") })
        #expect(view(m).text.split(separator: "\n")[0].contains("match 1/\(expected) · lesson 2/"), "at 80 columns too")
        _ = update(&m, .key(.character(">")))
        #expect(m.screen(LessonScreen.self)?.search?.current == 1)
        _ = update(&m, .key(.control("p")))
        #expect(m.screen(LessonScreen.self)?.search?.current == 0)
        #expect(m.reader?.offset == first)
        _ = update(&m, .key(.control("p")))
        #expect(m.screen(LessonScreen.self)?.search?.current == expected - 1, "wraps to the last")
        _ = update(&m, .key(.character("n")))
        #expect(m.reader?.index == 2, "n is still the next lesson")
    }

    @Test("typing after / takes every key (q, n, digits) as text; Esc cancels")
    func typingTakesKeys() throws {
        var m = model(try shippedLibrary())
        _ = update(&m, .key(.character("2")))
        _ = update(&m, .key(.character("/")))
        type(&m, "qn1?")
        #expect(m.route == .lesson && m.reader?.index == 1)
        #expect(m.overlay == nil, "? is typed, not the help")
        #expect(m.screen(LessonScreen.self)?.typing == "qn1?")
        _ = update(&m, .key(.escape))
        #expect(m.screen(LessonScreen.self)?.typing == nil && m.route == .lesson)
    }

    @Test("/ from home searches every lesson; Enter opens the lesson at the match")
    func searchFromHome() throws {
        var m = model(try shippedLibrary(), size: Size(width: 200, height: 60))
        _ = update(&m, .key(.character("/")))
        #expect(m.screenName == "search")
        type(&m, "posix_spawn")
        _ = update(&m, .key(.enter))
        let search = try #require(m.screen(SearchScreen.self))
        #expect(!search.hits.isEmpty)
        #expect(Set(search.hits.map(\.lesson)).count > 1, "found in more than one lesson")
        _ = update(&m, .key(.down))
        let hit = search.hits[1]
        _ = update(&m, .key(.enter))
        #expect(m.route == .lesson && m.reader?.index == hit.lesson)
        let reader = try #require(m.reader)
        #expect(reader.offset <= hit.row && hit.row < reader.offset + LessonScreen.viewport(m.size).height)
        #expect(m.screen(LessonScreen.self)?.search?.query == "posix_spawn")
        _ = update(&m, .key(.character("q")))
        #expect(m.screenName == "search")
    }
}
