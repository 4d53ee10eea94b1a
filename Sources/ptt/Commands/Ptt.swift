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
            Every command takes --lessons DIR (or PTT_LESSONS) and --no-color
            (or NO_COLOR), before or after its name. Progress is kept in
            --state FILE (or PTT_STATE; default $XDG_STATE_HOME/ptt/progress.json).
            Which lessons are in use: ptt lessons --where.
            """,
        version: "0.1.0",
        subcommands: [
            TutorCommand.self, LessonsCommand.self, LessonCommand.self, DemoCommand.self, BenchCommand.self,
            CheckCommand.self, QuizCommand.self, ProgressCommand.self, TourCommand.self, ChildCommand.self,
        ],
        defaultSubcommand: TutorCommand.self
    )

    /// Parses and runs, with three differences from ArgumentParser's default:
    /// global options may come before the subcommand (`ptt --lessons DIR
    /// lessons`, as git and cargo allow); a usage error exits 2 (as the tools
    /// ptt sits beside do), not 64; and an error names the usage of the
    /// command the user typed, never the hidden default `tutor`.
    static func main() {
        disableInteractiveBacktraces()
        let arguments = hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        if arguments.first == "demo",
            let message = DemoCommand.unknownLab(in: arguments) ?? DemoCommand.replayProblem(in: arguments)
        {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
        let typed = typedSubcommand(arguments)
        if arguments.first == "help", let word = arguments.dropFirst().first, typedSubcommand([word]) == nil {
            // ArgumentParser would print the root help and exit 0.
            let known = configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
            exit(
                for: ValidationError("unknown command '\(word)' (known: \(known.joined(separator: ", ")))"),
                typed: nil, fromParsing: true)
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(for: error, typed: typed, fromParsing: true)
        }
        do {
            try command.run()
        } catch {
            exit(for: error, typed: typed, fromParsing: false)
        }
    }

    /// The Swift runtime reads SWIFT_BACKTRACE once, as the process starts:
    /// on a crash under a terminal its backtracer would otherwise wait 30 s
    /// at "Press space to interact". So when it is unset, ptt starts itself
    /// again with `interactive=no` (one exec, a millisecond): a crash prints
    /// its report, after the terminal is restored, and exits.
    private static func disableInteractiveBacktraces() {
        guard getenv("SWIFT_BACKTRACE") == nil else { return }
        setenv("SWIFT_BACKTRACE", "interactive=no", 1)
        let argv = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", argv)
        // exec failed: go on in this process, with the prompt possible.
    }

    /// The names of the subcommands, from the configuration.
    static var subcommandNames: [String: ParsableCommand.Type] {
        var names: [String: ParsableCommand.Type] = [:]
        for sub in configuration.subcommands {
            names[sub._commandName] = sub
        }
        return names
    }

    /// Options every command takes; `true` when the option takes a value.
    static let globalOptions = [
        "--lessons": true, "--state": true, "--no-color": false, "--present": false, "--seed": true,
        "--no-animation": false,
    ]

    /// Moves global options written before the subcommand to the end of its
    /// arguments (before a `--`), where every command parses them:
    /// `--lessons D lessons -v` becomes `lessons -v --lessons D`. Anything
    /// else is left as it is, so ArgumentParser reports it.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            let name = String(argument.prefix { $0 != "=" })
            guard let takesValue = globalOptions[name] else { break }
            if takesValue && !argument.contains("=") {
                guard i + 1 < arguments.count else { break }
                globals += [argument, arguments[i + 1]]
                i += 2
            } else {
                globals.append(argument)
                i += 1
            }
        }
        guard !globals.isEmpty, i < arguments.count, subcommandNames[arguments[i]] != nil else { return arguments }
        var rest = Array(arguments[i...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: globals, at: end)
        return rest
    }

    /// The visible subcommand the user named (`progress reset` gives the
    /// reset command), or nil (the tutor, or none), with its words.
    static func typedSubcommand(_ arguments: [String]) -> (command: ParsableCommand.Type, path: String)? {
        guard let first = arguments.first, var command = subcommandNames[first], command.configuration.shouldDisplay
        else { return nil }
        var path = first
        for word in arguments.dropFirst() {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            command = sub
            path += " " + word
        }
        return (command, path)
    }

    /// The usage of the command typed, or of ptt itself, as ArgumentParser words it.
    static func usage(of typed: (command: ParsableCommand.Type, path: String)?) -> String {
        guard let typed else {
            return """
                Usage: ptt [--lessons <dir>] [--state <file>] [--no-color] [<subcommand>]
                  See 'ptt --help' for more information.
                """
        }
        return "Usage: \(usageString(for: typed.command))\n  See 'ptt \(typed.path) --help' for more information."
    }

    /// Prints what `error` means and exits: 0 for help and version, 2 for
    /// a usage error, else the error's own code.
    static func exit(for error: Error, typed: (command: ParsableCommand.Type, path: String)?, fromParsing: Bool)
        -> Never
    {
        let code = exitCode(for: error)
        var message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            Foundation.exit(0)
        }
        if code == .validationFailure && (typed == nil || !fromParsing) {
            // Name the command typed: ArgumentParser would name the default `tutor`.
            message = "Error: \(Self.message(for: error))\n" + usage(of: typed)
        }
        if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
}
