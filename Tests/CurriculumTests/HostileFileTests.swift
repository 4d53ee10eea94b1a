import Foundation
import Testing

@testable import Curriculum

/// A valid progress file with one value replaced: `%@` in `template` becomes `value`.
private func progressFile(
    card: String =
        #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":1,"memory":{"stability":2.3,"difficulty":5}}"#,
    lab: String = #"{"runs":2}"#, lesson: String = #"{"read":false,"position":12}"#
) -> String {
    """
    {"version":1,"lessons":{"thread":\(lesson),"process":{"read":true}},"labs":{"race":\(lab),"locked":{"runs":1}},
     "quiz":{"scheduler":"fsrs-6","cards":{"q":\(card),"other":{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":1,"lapses":0,"memory":{"stability":2.3,"difficulty":5}}},
     "history":[{"question":"q","level":"beginner","section":"process","correct":true,"at":"2025-03-10T15:00:00Z","practice":false}]}}
    """
}

@Suite("Hostile and odd files")
struct HostileFileTests {
    static let extremeCards: [(String, String)] = [
        (
            "reviews",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":9223372036854775807,"lapses":0,"memory":{"stability":2.3,"difficulty":5}}"#
        ),
        (
            "lapses",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":9223372036854775807,"memory":{"stability":2.3,"difficulty":5}}"#
        ),
        (
            "stability",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":1,"memory":{"stability":1e300,"difficulty":5}}"#
        ),
        (
            "difficulty",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":1,"memory":{"stability":2,"difficulty":-1e300}}"#
        ),
        (
            "reviews",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":1e300,"lapses":1,"memory":{"stability":2,"difficulty":5}}"#
        ),
        (
            "lapses",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":-1,"memory":{"stability":2,"difficulty":5}}"#
        ),
        (
            "box",
            #"{"due":"2025-03-11T04:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":1,"memory":{"box":-9e18}}"#
        ),
        (
            "due",
            #"{"due":"0000-01-01T00:00:00Z","lastReview":"2025-03-10T15:00:00Z","reviews":3,"lapses":1,"memory":{}}"#
        ),
    ]

    @Test(
        "an extreme number in a card sets that card aside with a warning; answering it then cannot trap",
        arguments: extremeCards)
    func extremeCard(field: String, card: String) throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            try Data(progressFile(card: card).utf8).write(to: URL(fileURLWithPath: store.path))
            let loaded = store.load(now: monday)
            #expect(loaded.canSave)
            #expect(loaded.warning?.contains("quiz.cards.q") == true, "\(loaded.warning ?? "")")
            #expect(loaded.warning?.contains(field) == true, "\(loaded.warning ?? "")")
            let aside = try #require(loaded.setAside)
            #expect(FileManager.default.contents(atPath: aside) == Data(progressFile(card: card).utf8))
            var progress = loaded.progress
            #expect(progress.quiz.cards["q"] == nil)
            #expect(progress.quiz.cards["other"] != nil)
            #expect(progress.quiz.history.count == 1 && progress.labs["race"]?.runs == 2)
            for s in [FSRSScheduler(day: utcDay), LeitnerScheduler(day: utcDay)] as [any ReviewScheduler] {
                progress.recordAnswer(sampleQuestion("q"), correct: false, at: monday, practice: false, scheduler: s)
            }
            #expect(progress.quiz.cards["q"]?.reviews ?? 0 >= 1)
            try store.save(progress)
            #expect(store.load(now: monday).warning == nil)
        }
    }

    static let extremeOthers: [(String, String, String)] = [
        ("lab", #"{"runs":9223372036854775807}"#, "labs.race"),
        ("lab", #"{"runs":-3}"#, "labs.race"),
        ("lesson", #"{"position":9223372036854775807}"#, "lessons.thread"),
        ("lesson", #"{"position":-9223372036854775807}"#, "lessons.thread"),
        ("lesson", #"{"position":1e300}"#, "lessons.thread"),
        ("lesson", #"{"read":true,"readAt":"99999-01-01T00:00:00Z"}"#, "lessons.thread"),
    ]

    @Test("an extreme lab run count or lesson position is set aside, the rest kept", arguments: extremeOthers)
    func extremeOther(kind: String, value: String, entry: String) throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            let text = kind == "lab" ? progressFile(lab: value) : progressFile(lesson: value)
            try Data(text.utf8).write(to: URL(fileURLWithPath: store.path))
            let loaded = store.load(now: monday)
            #expect(loaded.warning?.contains(entry) == true, "\(loaded.warning ?? "")")
            var progress = loaded.progress
            #expect(progress.labs["locked"]?.runs == 1 && progress.lessons["process"]?.read == true)
            #expect(progress.quiz.cards.count == 2)
            if kind == "lab" {
                #expect(progress.labs["race"] == nil)
            } else {
                #expect(progress.lessons["thread"] == nil)
            }
            progress.recordLab("race", at: monday)
            #expect(progress.labs["race"]?.runs == (kind == "lab" ? 1 : 3))
        }
    }

    @Test("counters saturate instead of trapping")
    func saturating() {
        var progress = LearnerProgress()
        var lab = LabProgress()
        lab.runs = .max
        progress.labs["race"] = lab
        progress.recordLab("race", at: monday)
        #expect(progress.labs["race"]?.runs == .max)
        let card = ReviewCard(
            due: monday, lastReview: monday, reviews: .max, lapses: .max,
            memory: ["stability": 1e300, "difficulty": 1e300, "box": 1e300])
        for s in [FSRSScheduler(day: utcDay), LeitnerScheduler(day: utcDay)] as [any ReviewScheduler] {
            let next = s.review(card, grade: .again, at: monday.addingTimeInterval(86400 * 3))
            #expect(next.reviews == .max && next.lapses == .max)
        }
        #expect(FSRSScheduler().interval(stability: 1e300) == FSRSScheduler().maximumInterval)
        let negative = ReviewCard(due: monday, lastReview: monday, reviews: 1, lapses: 0, memory: ["box": -1e18])
        #expect(LeitnerScheduler(day: utcDay).review(negative, grade: .good, at: monday).memory["box"] == 1)
    }

    @Test("a FIFO as the progress file is refused at once, left alone, and nothing is saved")
    func fifo() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            #expect(mkfifo(store.path, 0o600) == 0)
            let loaded = store.load(now: monday)
            #expect(!loaded.canSave)
            #expect(loaded.warning?.contains("not a regular file (it is a FIFO)") == true, "\(loaded.warning ?? "")")
            var info = stat()
            #expect(lstat(store.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
            #expect(throws: ProgressStoreError.self) { try store.save(sampleProgress()) }
            #expect(lstat(store.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        }
    }

    @Test("a symlink to /dev/zero is refused without reading it")
    func devZero() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            #expect(symlink("/dev/zero", store.path) == 0)
            let loaded = store.load(now: monday)
            #expect(!loaded.canSave)
            #expect(loaded.warning?.contains("character device") == true, "\(loaded.warning ?? "")")
            #expect(throws: FileReadError.notRegularFile(path: "/dev/zero", kind: "a character device")) {
                try SafeFile.read("/dev/zero", limit: 100)
            }
        }
    }

    @Test("a progress file over 4 MiB is set aside naming the limit; a lesson over the limit is a diagnostic")
    func tooLarge() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            try Data(repeating: 0x20, count: SafeFile.progressLimit + 1).write(to: URL(fileURLWithPath: store.path))
            let loaded = store.load(now: monday)
            #expect(loaded.warning?.contains("larger than the 4 MiB limit") == true, "\(loaded.warning ?? "")")
            #expect(loaded.setAside != nil && loaded.canSave)
            #expect(throws: FileReadError.tooLarge(path: store.path + "x", limit: 10)) {
                try Data(repeating: 0x41, count: 11).write(to: URL(fileURLWithPath: store.path + "x"))
                _ = try SafeFile.read(store.path + "x", limit: 10)
            }
            #expect(try SafeFile.read(store.path + "x", limit: 11).count == 11)
        }
    }

    @Test("a symlinked progress file is written through: the link stays, its target gets the progress")
    func symlinked() throws {
        try withTemporaryFolder { folder in
            try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
            let link = folder + "/progress.json"
            #expect(symlink("real/p.json", link) == 0)
            let store = ProgressStore(path: link)
            #expect(store.load(now: monday).warning == nil)
            try store.save(sampleProgress())
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "real/p.json")
            #expect(ProgressStore(path: folder + "/real/p.json").load(now: monday).progress == sampleProgress())
            #expect(try listing(folder + "/real") == ["p.json", "p.json.lock"])
            // A loop is an error, not a fresh start.
            let loop = folder + "/loop.json"
            #expect(symlink("loop.json", loop) == 0)
            let looped = ProgressStore(path: loop).load(now: monday)
            #expect(!looped.canSave && looped.warning?.contains("ELOOP") == true, "\(looped.warning ?? "")")
        }
    }

    @Test("a failed write leaves no temporary file and says why")
    func failedWrite() throws {
        try withTemporaryFolder { folder in
            // A directory in the way of the rename: the write succeeds, the replace fails.
            var store = ProgressStore(path: folder + "/progress.json")
            try store.save(LearnerProgress())
            store.beforeReplace = { _ in throw CocoaError(.fileWriteOutOfSpace) }
            #expect(throws: ProgressStoreError.self) { try store.save(sampleProgress()) }
            #expect(try listing(folder) == ["progress.json", "progress.json.lock"])
            #expect(
                ProgressStoreError.cannotWrite(path: "/p", call: "write", errno: EFBIG).description
                    == "cannot write /p: write failed: EFBIG (file too large)")
        }
    }

    @Test("an escape in a lesson title is a diagnostic on its line, shown as \\x1b, and the lesson is skipped")
    func escapeInTitle() throws {
        try withTemporaryFolder { folder in
            let name = folder + "/01-a\u{1B}[2J.md"
            let text = "---\nid: a\ntitle: Hi \u{1B}]0;pwned\u{07}\u{1B}[2J\n---\n\nBody\tok \u{9B}31m.\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: name))
            let library = try LessonLibrary.load(directory: folder)
            #expect(library.lessons.isEmpty && library.skippedFiles == [name])
            let printed = library.diagnostics.map(\.description)
            #expect(library.diagnostics.map(\.line).contains(3))
            #expect(library.diagnostics.map(\.line).contains(6))
            #expect(printed.contains { $0.contains(#"\x1b (ESC)"#) })
            #expect(printed.contains { $0.contains(#"\u{9b} (CSI)"#) })
            for line in printed {
                #expect(!line.unicodeScalars.contains(where: ControlCharacters.isControl), "\(line)")
            }
            #expect(printed.first?.hasPrefix(folder + #"/01-a\x1b[2J.md:"#) == true)
        }
    }

    @Test("visibleControlCharacters shows C0, DEL and C1 as escapes and keeps tab and other text")
    func visible() {
        #expect("\u{1B}]0;x\u{07}\u{1B}[2J".visibleControlCharacters == #"\x1b]0;x\x07\x1b[2J"#)
        #expect("a\tb".visibleControlCharacters == "a\tb")
        #expect("\u{0}\r\n\u{7F}\u{9B}".visibleControlCharacters == #"\x00\x0d\x0a\x7f\u{9b}"#)
        #expect("線程 thread ✓".visibleControlCharacters == "線程 thread ✓")
    }

    @Test("a question with a control character is left out, the others stay")
    func escapeInQuestion() throws {
        let good = try String(contentsOfFile: "lessons/quiz/beginner.md", encoding: .utf8)
        let result = QuizParser.parse(good, file: "b.md", sections: nil)
        let first = try #require(result.questions.first)
        var lines = good.components(separatedBy: "\n")
        lines[first.line + 1] += " \u{1B}[31m"
        let bad = QuizParser.parse(lines.joined(separator: "\n"), file: "b.md", sections: nil)
        #expect(bad.diagnostics.map(\.line) == [first.line + 2])
        #expect(bad.questions.map(\.id) == result.questions.dropFirst().map(\.id))
        #expect(bad.skipped.contains(first.id))
    }

    @Test("a quiz symlink loop or a FIFO question file is reported, not taken as no quiz")
    func quizFolder() throws {
        try withTemporaryFolder { folder in
            #expect(symlink("quiz", folder + "/quiz") == 0)
            let bank = QuizBank.load(directory: folder + "/quiz", sections: nil)
            #expect(bank.diagnostics.first?.message.contains("symbolic link loop") == true)
            #expect(unlink(folder + "/quiz") == 0)
            try FileManager.default.createDirectory(atPath: folder + "/quiz", withIntermediateDirectories: true)
            #expect(mkfifo(folder + "/quiz/a.md", 0o600) == 0)
            let fifo = QuizBank.load(directory: folder + "/quiz", sections: nil)
            #expect(fifo.diagnostics.map(\.description) == ["\(folder)/quiz/a.md:1: not a regular file (it is a FIFO)"])
            #expect(QuizBank.load(directory: folder + "/none", sections: nil).diagnostics.isEmpty)
        }
    }
}
