import Foundation
import Testing

@testable import Curriculum

private let scheduler = FSRSScheduler(day: utcDay)

/// An answer `minutes` after monday.
private func answer(_ progress: inout LearnerProgress, _ id: String, minutes: Double, correct: Bool = true) {
    progress.recordAnswer(
        sampleQuestion(id), correct: correct, at: monday.addingTimeInterval(minutes * 60), practice: false,
        scheduler: scheduler)
}

private func readJSON(_ path: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
}

@Suite("Two ptt on one progress file")
struct ProgressMergeTests {
    @Test("two stores answering five questions each, saving after every answer in turn, keep all ten")
    func twoQuizzes() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/progress.json"
            let a = ProgressStore(path: path)
            let b = ProgressStore(path: path)
            var mineA = a.load(now: monday).progress
            var mineB = b.load(now: monday).progress
            for i in 0..<5 {
                answer(&mineA, "a\(i)", minutes: Double(2 * i))
                try a.save(mineA)
                answer(&mineB, "b\(i)", minutes: Double(2 * i + 1))
                try b.save(mineB)
            }
            mineA.recordLab("race", at: monday)
            try a.save(mineA)
            mineB.recordLab("race", at: monday)
            mineB.recordLab("race", at: monday)
            try b.save(mineB)
            let saved = ProgressStore(path: path).load(now: monday).progress
            #expect(saved.quiz.history.count == 10)
            #expect(Set(saved.quiz.history.map(\.question)) == Set((0..<5).flatMap { ["a\($0)", "b\($0)"] }))
            #expect(saved.quiz.history.map(\.at) == saved.quiz.history.map(\.at).sorted())
            #expect(saved.quiz.cards.count == 10)
            #expect(saved.labs["race"]?.runs == 3)
        }
    }

    @Test("an idle ptt quitting after another answered keeps those answers")
    func idleSave() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/progress.json"
            let idle = ProgressStore(path: path)
            let quiz = ProgressStore(path: path)
            var start = LearnerProgress()
            answer(&start, "old", minutes: 0)
            try ProgressStore(path: path).save(start)
            let idleProgress = idle.load(now: monday).progress
            var quizProgress = quiz.load(now: monday).progress
            for i in 1...5 {
                answer(&quizProgress, "q\(i)", minutes: Double(i))
                try quiz.save(quizProgress)
            }
            try idle.save(idleProgress)
            try idle.save(idleProgress)
            let saved = ProgressStore(path: path).load(now: monday).progress
            #expect(saved.quiz.history.count == 6)
            #expect(saved == quizProgress)
        }
    }

    @Test("per item the newer wins: a card by its last review, a position only if this process moved it")
    func newerWins() {
        var base = LearnerProgress()
        base.setPosition("thread", line: 10)
        answer(&base, "q", minutes: 0)
        var disk = base
        var mine = base
        answer(&disk, "q", minutes: 60, correct: false)
        answer(&mine, "q", minutes: 30)
        disk.setPosition("thread", line: 50)
        mine.markRead("process", at: monday)
        disk.markRead("process", at: monday.addingTimeInterval(-60))
        let merged = LearnerProgress.merge(disk: disk, mine: mine, base: base)
        #expect(merged.quiz.cards["q"] == disk.quiz.cards["q"])
        #expect(merged.quiz.history.count == 3)
        #expect(merged.lessons["thread"]?.position == 50)
        #expect(merged.lessons["process"]?.read == true)
        #expect(merged.lessons["process"]?.readAt == monday.addingTimeInterval(-60))
        mine.setPosition("thread", line: 70)
        #expect(LearnerProgress.merge(disk: disk, mine: mine, base: base).lessons["thread"]?.position == 70)
        // Mine is newer: mine wins.
        var later = base
        answer(&later, "q", minutes: 90)
        #expect(LearnerProgress.merge(disk: disk, mine: later, base: base).quiz.cards["q"] == later.quiz.cards["q"])
    }

    @Test("keys a newer ptt wrote survive a save by this one")
    func unknownKeys() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/progress.json"
            var start = LearnerProgress()
            answer(&start, "q", minutes: 0)
            start.setPosition("thread", line: 3)
            try ProgressStore(path: path).save(start)
            var json = try readJSON(path)
            json["future"] = ["streak": 7]
            var lessons = json["lessons"] as! [String: Any]
            var thread = lessons["thread"] as! [String: Any]
            thread["highlights"] = [1, 2]
            lessons["thread"] = thread
            json["lessons"] = lessons
            var quiz = json["quiz"] as! [String: Any]
            quiz["goal"] = "senior"
            var cards = quiz["cards"] as! [String: Any]
            var card = cards["q"] as! [String: Any]
            card["flag"] = true
            cards["q"] = card
            quiz["cards"] = cards
            var history = quiz["history"] as! [[String: Any]]
            history[0]["seconds"] = 12
            quiz["history"] = history
            json["quiz"] = quiz
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))

            let store = ProgressStore(path: path)
            var progress = store.load(now: monday).progress
            #expect(progress.quiz.history.count == 1)
            progress.recordLab("race", at: monday)
            try store.save(progress)
            let after = try readJSON(path)
            #expect((after["future"] as? [String: Any])?["streak"] as? Int == 7)
            #expect(
                ((after["lessons"] as? [String: Any])?["thread"] as? [String: Any])?["highlights"] as? [Int] == [1, 2])
            let afterQuiz = try #require(after["quiz"] as? [String: Any])
            #expect(afterQuiz["goal"] as? String == "senior")
            #expect(((afterQuiz["cards"] as? [String: Any])?["q"] as? [String: Any])?["flag"] as? Bool == true)
            #expect((afterQuiz["history"] as? [[String: Any]])?.first?["seconds"] as? Int == 12)
            #expect(store.load(now: monday).progress.labs["race"]?.runs == 1)
        }
    }

    @Test("the save holds an exclusive flock on progress.json.lock, mode 0600, while it writes")
    func lockHeld() throws {
        try withTemporaryFolder { folder in
            var store = ProgressStore(path: folder + "/progress.json")
            let held = Seen()
            store.beforeReplace = { _ in
                let fd = open(folder + "/progress.json.lock", O_RDWR)
                defer { close(fd) }
                // Another open file description cannot take the lock meanwhile.
                held.mode = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1
            }
            try store.save(sampleProgress())
            #expect(held.mode == 1)
            #expect(fileMode(folder + "/progress.json.lock") == 0o600)
            let fd = open(folder + "/progress.json.lock", O_RDWR)
            defer { close(fd) }
            #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        }
    }
}

@Suite("Merging histories")
struct HistoryUnionTests {
    @Test("an answer read back from the file (whole seconds) and the same one in memory count once")
    func subSecond() throws {
        try withTemporaryFolder { folder in
            let store = ProgressStore(path: folder + "/progress.json")
            var progress = store.load(now: monday).progress
            progress.recordAnswer(
                sampleQuestion("q"), correct: true, at: monday.addingTimeInterval(0.625), practice: false,
                scheduler: FSRSScheduler(day: utcDay))
            try store.save(progress)
            try store.save(progress)
            let other = ProgressStore(path: folder + "/progress.json")
            var theirs = other.load(now: monday).progress
            theirs.recordLab("race", at: monday)
            try other.save(theirs)
            try store.save(progress)
            #expect(ProgressStore(path: folder + "/progress.json").load(now: monday).progress.quiz.history.count == 1)
        }
    }
}

@Suite("Adopting what a save merged")
struct AdoptTests {
    @Test("after adopt, the next save counts only this process's new lab runs")
    func adoptThenSave() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/progress.json"
            let a = ProgressStore(path: path)
            let b = ProgressStore(path: path)
            var mineA = a.load(now: monday).progress
            var mineB = b.load(now: monday).progress
            mineB.recordLab("race", at: monday)
            try b.save(mineB)
            mineA.recordLab("race", at: monday)
            mineA = try a.save(mineA)
            a.adopt(mineA)
            #expect(mineA.labs["race"]?.runs == 2)
            mineA.recordLab("race", at: monday)
            try a.save(mineA)
            #expect(ProgressStore(path: path).load(now: monday).progress.labs["race"]?.runs == 3)
        }
    }

    @Test("a lesson folder that is a symbolic link loop is unreadable, not missing")
    func lessonLoop() throws {
        try withTemporaryFolder { folder in
            #expect(symlink("l", folder + "/l") == 0)
            #expect(throws: LessonLibraryError.unreadableDirectory(folder + "/l")) {
                try LessonLibrary.load(directory: folder + "/l")
            }
        }
    }
}
