import ArgumentParser
import Curriculum
import Foundation

extension QuizLevel: ExpressibleByArgument {}

/// `ptt quiz`: the interview questions, full screen, due ones first.
struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Drill the interview questions: due ones first, graded and explained.",
        discussion: """
            Questions you got wrong come back sooner (FSRS schedule); progress is saved as you answer.
            Examples:
              ptt quiz                          due questions first, then new ones
              ptt quiz --level senior           only the senior questions
              ptt quiz --section context-switching --cram
            """
    )

    @Option(help: "Only the questions of this level.")
    var level: QuizLevel?

    @Option(help: ArgumentHelp("Only questions from this lesson (an id from `ptt lessons`).", valueName: "id"))
    var section: String?

    @Flag(help: "Practice: ask any questions, shuffled, and leave the review schedule unchanged.")
    var cram = false

    @Option(help: "Questions in the round (1…100).")
    var count = QuizRound.defaultLimit

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...100).contains(count) else { throw ValidationError("--count must be from 1 to 100 (got \(count))") }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(
                Data(
                    "ptt: the quiz needs a terminal on stdin and stdout; without one, try: ptt progress --json\n"
                        .utf8))
            throw ExitCode(2)
        }
        let library = try global.loadLibrary()
        if let section, library.lesson(id: section) == nil {
            throw ValidationError(
                "unknown section '\(section)' (known: \(library.lessons.map(\.id).joined(separator: ", ")))")
        }
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        let store = prepareProgress(&model, global: global)
        if model.bank.questions.isEmpty {
            throw ValidationError(
                "no quiz questions found in \(QuizBank.directory(inLessons: try global.lessonsDirectory())) (run ptt check)"
            )
        }
        global.apply(to: &model)
        let first = QuizScreen.open(&model, level: level, section: section, practice: cram, limit: count)
        try runPreparedApp(model: model, store: store, global: global, startEffects: first)
    }
}
