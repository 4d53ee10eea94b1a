import ArgumentParser
import Foundation

@main
struct Ptt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptt",
        abstract: "A terminal tutor: processes vs threads, with live labs on real threads and processes.",
        discussion: """
            Run without a command to open the full-screen tutor. Examples:
              ptt                      the course, full screen
              ptt lesson thread        open the Thread lesson
              ptt lesson thread --plain | less
              ptt demo race            two threads lose updates, live
              ptt quiz --level senior  interview questions, due ones first
              ptt progress             what has been read and quizzed
              ptt check lessons        validate lesson and quiz files
            The tutor takes --lessons DIR (or PTT_LESSONS) and --no-color (or NO_COLOR).
            Progress is kept in --state FILE (or PTT_STATE; default $XDG_STATE_HOME/ptt/progress.json).
            """,
        version: "0.1.0",
        subcommands: [
            TutorCommand.self, LessonsCommand.self, LessonCommand.self, DemoCommand.self, BenchCommand.self,
            CheckCommand.self, QuizCommand.self, ProgressCommand.self, TourCommand.self, ChildCommand.self,
        ],
        defaultSubcommand: TutorCommand.self
    )

    /// Parses and runs, with one difference from ArgumentParser's default: a
    /// usage error exits 2 (as the tools ptt sits beside do), not 64.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "demo", let message = DemoCommand.unknownLab(in: arguments) {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
