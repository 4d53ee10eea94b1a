import Foundation
import Testing

/// Every help text, whole, as swift-argument-parser's own example tests
/// check theirs: `ptt help CMD`, `ptt CMD --help` and `ptt CMD -h` agree.
@Suite("Help texts")
struct HelpTextTests {
    /// The whole help of each command whose options are settled. `demo` and
    /// `bench` are being reworked: for them only the three spellings must agree.
    static let expected: [String: String] = [
        "lessons": #"""
        OVERVIEW: List the lessons, one a line: ID, a space, the title.

        USAGE: ptt lessons [--where] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation]

        OPTIONS:
          --where                 Print which copy of the course is in use (a folder,
                                  or the one built into ptt) and exit.
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        """#,
        "lesson": #"""
        OVERVIEW: Open a lesson in the reader; --plain prints it as text.

        Examples:
          ptt lesson process
          ptt lesson differences --plain --width 100

        USAGE: ptt lesson <id> [--plain] [--width <width>] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation]

        ARGUMENTS:
          <id>                    The lesson's id (see `ptt lessons`) or its number.

        OPTIONS:
          --plain                 Print the lesson as plain text on stdout instead of
                                  opening the reader.
          --width <width>         With --plain: the width to lay the text out for
                                  (40...300, default 80).
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        """#,
        "check": #"""
        OVERVIEW: Check lesson, quiz, scenario and tour files; print file:line: message
        for each problem, exit 1 if any.

        USAGE: ptt check [<directory>] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation]

        ARGUMENTS:
          <directory>             The folder to check (default: the lessons folder ptt
                                  uses).

        OPTIONS:
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        """#,
        "quiz": #"""
        OVERVIEW: Drill the interview questions: due ones first, graded and explained.

        Questions you got wrong come back sooner (FSRS schedule); progress is saved as
        you answer.
        Examples:
          ptt quiz                          due questions first, then new ones
          ptt quiz --level senior           only the senior questions
          ptt quiz --section context-switching --cram

        USAGE: ptt quiz [--level <level>] [--section <id>] [--cram] [--count <count>] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation]

        OPTIONS:
          --level <level>         Only the questions of this level. (values: beginner,
                                  intermediate, senior)
          --section <id>          Only questions from this lesson (an id from `ptt
                                  lessons`).
          --cram                  Practice: ask any questions, shuffled, and leave the
                                  review schedule unchanged.
          --count <count>         Questions in the round (1…100). (default: 10)
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        """#,
        "progress": #"""
        OVERVIEW: Show what has been read and quizzed so far; --json prints it as one
        JSON object.

        The progress file is JSON with a "version" key; a file from an older ptt is
        migrated when read, one from a newer ptt is set aside, never overwritten.
        Examples:
          ptt progress
          ptt progress --json --state /tmp/progress.json
          ptt progress reset            asks first; --yes for scripts

        USAGE: ptt progress [--json] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation] <subcommand>

        OPTIONS:
          --json                  Print one JSON object: lessonsRead, lessonsTotal,
                                  quiz{answered, correct, due, byLevel{…}}.
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          reset                   Forget all progress: remove the progress file (asks
                                  first; --yes for scripts).

          See 'ptt help progress <subcommand>' for detailed help.
        """#,
        "progress reset": #"""
        OVERVIEW: Forget all progress: remove the progress file (asks first; --yes for
        scripts).

        On a terminal it names the file and asks; without one it needs --yes.
        Examples:
          ptt progress reset
          ptt progress reset --yes --state /tmp/progress.json

        USAGE: ptt progress reset [--yes] [--lessons <dir>] [--state <file>] [--no-color] [--present] [--seed <N>] [--no-animation]

        OPTIONS:
          --yes                   Do not ask: remove the progress file at once (needed
                                  without a terminal).
          --lessons <dir>         The folder of lesson files (or PTT_LESSONS).
          --state <file>          The progress file (or PTT_STATE).
          --no-color              Draw without colours (or set NO_COLOR).
          --present               Start in presenter mode: big figures and keys for a
                                  class (P toggles it).
          --seed <N>              Make random choices (the quiz order) repeatable: the
                                  same N, the same order.
          --no-animation          Reduced motion: labs skip their slowed-down runs and
                                  show the final figures only.
          --version               Show the version.
          -h, --help              Show help information.

        """#,
    ]

    /// The three ways to ask for a command's help, with their results.
    func helps(_ command: [String]) throws -> [CommandResult] {
        try [command.isEmpty ? ["help"] : ["help"] + command, command + ["--help"], command + ["-h"]].map {
            try runCommand(pttBinary, $0, environment: ["COLUMNS": "80"])
        }
    }

    @Test("help CMD, CMD --help and CMD -h print the whole expected text and exit 0", arguments: expected.keys.sorted())
    func wholeHelp(_ command: String) throws {
        for r in try helps(command.split(separator: " ").map(String.init)) {
            #expect(r.status == 0)
            #expect(r.stderr == "")
            #expect(r.stdout == Self.expected[command]! + "\n")
        }
    }

    @Test("demo, bench and ptt itself: the three spellings agree and exit 0", arguments: ["demo", "bench", ""])
    func spellingsAgree(_ command: String) throws {
        let results = try helps(command.isEmpty ? [] : [command])
        for r in results {
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("OVERVIEW: "))
            #expect(r.stdout == results[0].stdout)
        }
    }

    @Test("no help names an internal command")
    func noInternalCommands() throws {
        for command in Self.expected.keys.sorted() + ["demo", "bench", ""] {
            let text = try helps(command.split(separator: " ").map(String.init))[0].stdout
            #expect(!text.contains("ptt tutor") && !text.contains("__child"), "ptt help \(command)")
        }
    }

    @Test("a help for an unknown command is a usage error")
    func unknownCommandHelp() throws {
        let r = try runCommand(pttBinary, ["help", "nosuch"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("unknown command 'nosuch' (known: lessons, lesson, demo"))
        #expect(!r.stderr.contains("tutor"))
    }
}

/// The committed manual page lists what `ptt --help` lists.
@Suite("Manual page")
struct ManualPageTests {
    @Test("docs/ptt.1 names every visible command and no internal one")
    func manualMatchesCommands() throws {
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/ptt.1"), encoding: .utf8)
        for command in ["lessons", "lesson", "demo", "bench", "check", "quiz", "progress", "reset"] {
            #expect(page.contains(".It Em \(command)\n"), "missing \(command)")
        }
        #expect(!page.contains(".It Em tutor") && !page.contains("__child"))
        #expect(page.contains(".It Fl -where"))
    }

    @Test("docs/ptt.1 keeps the help's non-ASCII characters (as groff escapes) and has every lab's options")
    func manualKeepsCharacters() throws {
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/ptt.1"), encoding: .utf8)
        // The generator alone dropped them: "Threads (1…64" read "Threads (164".
        let help = try runCommand(pttBinary, ["demo", "race", "--help"]).stdout
        #expect(help.contains("Threads (1…64; default 2)"))
        #expect(page.contains("Threads (1\\[u2026]64; default 2)"), "the page lost the … of 1…64")
        #expect(!page.contains("Threads (164"))
        let allASCII = page.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "a character the page cannot show as it is")
        for lab in ["race", "interleave", "ipc", "deadlock", "threads-overhead"] {
            #expect(page.contains(".It Em \(lab)\n"), "the page misses ptt demo \(lab)")
        }
    }
}
