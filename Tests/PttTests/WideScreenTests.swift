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
