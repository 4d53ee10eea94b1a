import Foundation
import Testing

/// The real binary in tmux: what a person sees, keys they press.
@Suite("The tutor in a terminal", .serialized, .enabled(if: hasTmux, "tmux is not installed"))
struct TutorScreenTests {
    let ptt = shellQuote(pttBinary)
    let lessonsDir = shellQuote(packageRoot.appendingPathComponent("lessons").path)

    @Test("home lists every lesson with the progress line")
    func homeListsLessons() throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)")
        let screen = try s.waitFor("Key Takeaways")
        for title in [
            "Topic Overview", "Process", "Thread", "Key Differences", "Examples", "When to Use Processes vs Threads",
            "Context Switching", "Common Pitfalls", "Interview Questions", "Key Takeaways",
        ] {
            #expect(screen.contains(title), "missing \(title) in:\n\(screen)")
        }
        #expect(screen.contains("0/10 lessons read"))
        #expect(screen.contains("q quit"))
    }

    @Test("Enter opens a lesson and q goes back")
    func opensLesson() throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)")
        try s.waitFor("Key Takeaways")
        try s.sendKeys("Down", "Enter")
        let lesson = try s.waitFor("lesson 2/10")
        #expect(lesson.contains("Definition: An independent program in execution"))
        #expect(lesson.contains("q back"))
        try s.sendKeys("q")
        let home = try s.waitFor("q quit")
        #expect(home.contains("Topic Overview"))
    }

    @Test("the differences table shows both address-space cells on one row with a rule between")
    func differencesTable() throws {
        let s = try TmuxSession(command: "\(ptt) lesson differences --lessons \(lessonsDir)")
        let screen = try s.waitFor("Isolated address space")
        let row = screen.split(separator: "\n").first { $0.contains("Isolated address space") } ?? ""
        #expect(row.contains("Shared address space"), "row: \(row)")
        let between = row.range(of: "Isolated address space").flatMap { a in
            row.range(of: "Shared address space").map { b in row[a.upperBound..<b.lowerBound] }
        }
        #expect(between?.contains("│") == true, "no column rule in: \(row)")
        #expect(screen.contains("┌") && screen.contains("┼"), "box drawing did not render:\n\(screen)")
    }

    @Test("below 40x12 it says the terminal is too small, and recovers")
    func tooSmall() throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)")
        try s.waitFor("Key Takeaways")
        try s.resize(width: 30, height: 8)
        let small = try s.waitFor("terminal too small")
        #expect(small.contains("30x8"))
        try s.resize(width: 80, height: 24)
        let back = try s.waitFor("Key Takeaways")
        #expect(!back.contains("too small"))
    }

    @Test("? shows the keys of the screen in front, any key closes it")
    func help() throws {
        let s = try TmuxSession(command: "\(ptt) lesson thread --lessons \(lessonsDir)")
        try s.waitFor("lesson 3/10")
        try s.sendKeys("?")
        let help = try s.waitFor("table of contents")
        #expect(help.contains("next / previous lesson"))
        try s.sendKeys("x")
        let closed = try s.waitFor { !$0.contains("table of contents") }
        #expect(closed.contains("lesson 3/10"))
    }

    @Test("n and p move between lessons, t lists the headings")
    func navigation() throws {
        let s = try TmuxSession(command: "\(ptt) lesson process --lessons \(lessonsDir)")
        try s.waitFor("lesson 2/10")
        try s.sendKeys("n")
        try s.waitFor("lesson 3/10")
        try s.sendKeys("p", "p")
        try s.waitFor("lesson 1/10")
        try s.sendKeys("n", "t")
        let toc = try s.waitFor("Contents")
        #expect(toc.contains("Memory Layout"))
    }

    @Test("colours show by default; NO_COLOR and --no-color turn them off but keep bold and reverse")
    func colours() throws {
        func colourCodes(_ screen: String) -> Int {
            screen.components(separatedBy: "\u{1B}[").filter { part in
                guard let m = part.firstIndex(of: "m") else { return false }
                return part[..<m].split(separator: ";").contains { code in
                    guard let n = Int(code) else { return false }
                    return (30...37).contains(n) || (40...47).contains(n)
                }
            }.count
        }
        let colour = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir)")
        try colour.waitFor("Key Takeaways")
        #expect(colourCodes(try colour.captureWithEscapes()) > 0)
        for command in ["NO_COLOR=1 \(ptt) --lessons \(lessonsDir)", "\(ptt) --no-color --lessons \(lessonsDir)"] {
            let plain = try TmuxSession(command: command)
            try plain.waitFor("Key Takeaways")
            let screen = try plain.captureWithEscapes()
            #expect(colourCodes(screen) == 0, "colour codes with: \(command)")
            #expect(screen.contains("\u{1B}[1"), "bold is gone with: \(command)")
        }
    }

    @Test("q exits 0 and leaves the terminal in canonical mode with echo")
    func quitRestoresTerminal() throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir); echo EXIT=$?; stty -a; sleep 30")
        try s.waitFor("Key Takeaways")
        try s.sendKeys("q")
        let after = try s.waitFor { $0.contains("EXIT=") && $0.contains("icanon") }
        #expect(after.contains("EXIT=0"))
        expectSane(after)
    }

    @Test("SIGTERM, SIGHUP and SIGINT leave the terminal sane", arguments: [("TERM", 143), ("HUP", 129), ("INT", 130)])
    func signalRestoresTerminal(signal: String, status: Int) throws {
        let s = try TmuxSession(command: "\(ptt) --lessons \(lessonsDir); echo EXIT=$?; stty -a; sleep 30")
        try s.waitFor("Key Takeaways")
        let children = childPIDs(of: try s.panePID())
        #expect(children.count == 1)
        for pid in children { kill(pid, signal == "TERM" ? SIGTERM : signal == "HUP" ? SIGHUP : SIGINT) }
        let after = try s.waitFor { $0.contains("EXIT=") && $0.contains("icanon") }
        #expect(after.contains("EXIT=\(status)"))
        expectSane(after)
    }

    func expectSane(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" })
        #expect(words.contains("icanon"), "stty shows -icanon:\n\(screen)", sourceLocation: sourceLocation)
        #expect(words.contains("echo"), "stty shows -echo:\n\(screen)", sourceLocation: sourceLocation)
        #expect(!screen.contains("Key Takeaways"), "the tutor is still on screen", sourceLocation: sourceLocation)
    }
}
