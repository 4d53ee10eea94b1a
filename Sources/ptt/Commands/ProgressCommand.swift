import ArgumentParser
import Curriculum
import Foundation

/// `ptt progress [--json]`: lessons read, questions answered, due now.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show what has been read and quizzed so far; --json prints it as one JSON object.",
        discussion: """
            The progress file is JSON with a "version" key; a file from an older ptt is
            migrated when read, one from a newer ptt is set aside, never overwritten.
            Examples:
              ptt progress
              ptt progress --json --state /tmp/progress.json
              ptt progress reset            asks first; --yes for scripts
            """,
        subcommands: [ProgressResetCommand.self]
    )

    @Flag(help: "Print one JSON object: lessonsRead, lessonsTotal, quiz{answered, correct, due, byLevel{…}}.")
    var json = false

    @OptionGroup var global: GlobalOptions

    /// The JSON report (the keys are a contract; more may be added).
    struct Report: Codable, Equatable {
        struct Counts: Codable, Equatable {
            var answered: Int
            var correct: Int
            var due: Int
            var new: Int
            var total: Int
        }
        struct Quiz: Codable, Equatable {
            var answered: Int
            var correct: Int
            var due: Int
            var new: Int
            var total: Int
            var nextDue: Date?
            var byLevel: [String: Counts]
        }
        var lessonsRead: Int
        var lessonsTotal: Int
        var quiz: Quiz
        var labsRun: [String: Int]
        var stateFile: String?
    }

    static func report(
        library: LessonLibrary, bank: QuizBank, progress: LearnerProgress, now: Date, stateFile: String?
    ) -> Report {
        let summary = progress.quizSummary(bank: bank, at: now)
        func counts(_ c: QuizCounts) -> Report.Counts {
            Report.Counts(answered: c.answered, correct: c.correct, due: c.due, new: c.new, total: c.total)
        }
        var byLevel: [String: Report.Counts] = [:]
        for level in QuizLevel.allCases { byLevel[level.rawValue] = counts(summary.byLevel[level] ?? QuizCounts()) }
        let all = summary.all
        let read = progress.readLessons
        return Report(
            lessonsRead: library.lessons.filter { read.contains($0.id) }.count, lessonsTotal: library.lessons.count,
            quiz: Report.Quiz(
                answered: all.answered, correct: all.correct, due: all.due, new: all.new, total: all.total,
                nextDue: summary.nextDue, byLevel: byLevel),
            labsRun: Dictionary(
                uniqueKeysWithValues: LabRegistry.standard.names.compactMap { name in
                    progress.labs[name].flatMap { $0.runs > 0 ? (name, $0.runs) : nil }
                }), stateFile: stateFile)
    }

    func run() throws {
        let library = try global.loadLibrary()
        let bank = global.courseBank(for: library)
        let store = global.progressStore()
        let now = Date()
        var progress = LearnerProgress()
        if let store {
            let loaded = store.load(now: now)
            if let warning = loaded.warning { FileHandle.standardError.write(Data("ptt: \(warning)\n".utf8)) }
            progress = loaded.progress
        }
        let report = Self.report(library: library, bank: bank, progress: progress, now: now, stateFile: store?.path)
        if json {
            try printJSON(report)
            return
        }
        print(Self.text(report, now: now))
    }

    static func text(_ report: Report, now: Date) -> String {
        var lines = ["Lessons read: \(report.lessonsRead) of \(report.lessonsTotal)"]
        let q = report.quiz
        lines.append(
            "Quiz: \(q.answered) of \(q.total) questions answered, \(q.correct) right last time, \(q.due) due now")
        let width = QuizLevel.allCases.map(\.rawValue.count).max() ?? 0
        for level in QuizLevel.allCases {
            guard let c = q.byLevel[level.rawValue] else { continue }
            let name = level.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(c.answered) of \(c.total) answered, \(c.correct) right, \(c.due) due")
        }
        if let next = q.nextDue, q.due == 0 {
            lines.append("Next review: \(dueText(next, now: now, day: ReviewDay()))")
        }
        if !report.labsRun.isEmpty {
            // In the registry's order: the order the course meets them.
            let labs = LabRegistry.standard.names.compactMap { name in report.labsRun[name].map { "\(name) (\($0))" } }
            lines.append("Labs with a result: \(labs.joined(separator: ", ")) of \(LabRegistry.standard.names.count)")
        }
        if let file = report.stateFile { lines.append("Progress file: \(file)") }
        return lines.joined(separator: "\n")
    }
}

/// `ptt progress reset [--yes]`: forget what has been read and answered.
struct ProgressResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget all progress: remove the progress file (asks first; --yes for scripts).",
        discussion: """
            On a terminal it names the file and asks; without one it needs --yes.
            Examples:
              ptt progress reset
              ptt progress reset --yes --state /tmp/progress.json
            """
    )

    @Flag(help: "Do not ask: remove the progress file at once (needed without a terminal).")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let store = global.progressStore() else {
            throw ValidationError("no progress file to reset (no HOME or PTT_STATE; pass --state FILE)")
        }
        let path = store.path
        var info = stat()
        guard lstat(path, &info) == 0 else {
            print("No progress to reset: \(path) does not exist.")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("without a terminal, reset needs --yes (it removes \(path))")
            }
            print("Forget all progress (lessons read, quiz answers, labs run) in \(path)? [y/N] ", terminator: "")
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                print("Kept \(path).")
                return
            }
        }
        guard unlink(path) == 0 else {
            let code = errno
            FileHandle.standardError.write(
                Data("ptt: cannot remove \(path): unlink: \(String(cString: strerror(code))) (errno \(code))\n".utf8))
            throw ExitCode(1)
        }
        print("Progress reset: removed \(path).")
    }
}
