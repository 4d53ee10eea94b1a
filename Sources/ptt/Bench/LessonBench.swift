import ArgumentParser
import Curriculum
import Foundation
import Labs
import TerminalUI

/// `ptt bench lesson`: how long a big lesson takes to show and to resize.
///
/// Generates lessons of every block kind (the same text as
/// `scripts/bench-lesson.sh`), writes each to a scratch folder and times
/// what the reader does: load the folder (read and parse), lay the lesson out
/// and draw the first screen; then a resize (lay out again at the new width,
/// keep the place, draw); then the `--plain` text. Each run is a new process
/// (this binary, with the hidden `--measure-folder`), so every run starts as
/// cold as `ptt lesson` does: no memory left over from an earlier run.
struct LessonBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Time a big lesson's first screen, a resize and --plain (sizes in MB).",
        discussion: """
            Build for release first:
              swift build -c release && .build/release/ptt bench lesson
              ptt bench lesson --sizes 1,5,10 --repetitions 3
              ptt bench lesson --json
            """
    )

    @Option(help: ArgumentHelp("Lesson sizes in MB, separated by commas.", valueName: "mb,…"))
    var sizes = "1,5,10"

    @Option(help: ArgumentHelp("Runs of each measurement; the median is shown (1...20).", valueName: "r"))
    var repetitions = 3

    @Flag(help: "Leave out the --plain timing (it draws the whole lesson).")
    var noPlain = false

    @Flag(help: "Print one JSON object on stdout instead of the table.")
    var json = false

    /// One run on the lesson in this folder, in this process; its row as JSON on stdout.
    @Option(help: .hidden)
    var measureFolder: String?

    /// Writes the generated lesson of the first size to this file and stops
    /// (`scripts/bench-lesson.sh` times `--plain` on it).
    @Option(help: .hidden)
    var writeLesson: String?

    var megabytes: [Double] {
        sizes.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        guard BenchOptions.repetitionRange.contains(repetitions) else {
            throw ValidationError("--repetitions must be from 1 to 20 (got \(repetitions))")
        }
        let parts = sizes.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count == megabytes.count, megabytes.allSatisfy({ $0 > 0 && $0 <= 15 }) else {
            throw ValidationError("--sizes must be sizes in MB above 0 and at most 15, like 1,5,10 (got '\(sizes)')")
        }
    }

    /// One size's figures, in seconds (medians).
    struct Row: Codable {
        var megabytes: Double
        var bytes: Int
        var blocks: Int
        var load: Double
        var layout: Double
        var firstScreen: Double
        /// CPU time of this thread for the first screen (the machine may be busy; this is not).
        var firstScreenCPU: Double
        var resize: Double
        var resizeCPU: Double
        var resizeBack: Double
        var plain: Double?
    }

    struct Report: Encodable {
        var machine: MachineFacts
        var screen: String
        var resizedTo: String
        var rows: [Row]
    }

    func run() throws {
        if let writeLesson {
            try Data(Self.lesson(bytes: Int((megabytes.first ?? 1) * 1_000_000)).utf8).write(
                to: URL(fileURLWithPath: writeLesson))
            return
        }
        if let measureFolder {
            let row = try Self.measure(
                folder: measureFolder, megabytes: megabytes.first ?? 0, small: Size(width: 80, height: 24),
                large: Size(width: 200, height: 60), plain: !noPlain)
            print(String(decoding: try JSONEncoder().encode(row), as: UTF8.self))
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptt-bench-lesson-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = Size(width: 80, height: 24)
        let large = Size(width: 200, height: 60)
        var rows: [Row] = []
        for mb in megabytes {
            BenchCommand.progress("\(mb) MB: writing the lesson…")
            let text = Self.lesson(bytes: Int(mb * 1_000_000))
            let file = folder.appendingPathComponent("01-big.md")
            try Data(text.utf8).write(to: file)
            var runs: [Row] = []
            for repetition in 1...repetitions {
                BenchCommand.progress("\(mb) MB: run \(repetition) of \(repetitions)…")
                runs.append(try Self.measureInNewProcess(folder: folder.path, megabytes: mb, plain: !noPlain))
            }
            BenchCommand.progress(nil)
            func mid(_ key: KeyPath<Row, Double>) -> Double { median(runs.map { $0[keyPath: key] }, by: { $0 }) ?? 0 }
            var row = runs[0]
            row.load = mid(\.load)
            row.layout = mid(\.layout)
            row.firstScreen = mid(\.firstScreen)
            row.resize = mid(\.resize)
            row.firstScreenCPU = mid(\.firstScreenCPU)
            row.resizeCPU = mid(\.resizeCPU)
            row.resizeBack = mid(\.resizeBack)
            row.plain = noPlain ? nil : median(runs.compactMap(\.plain), by: { $0 })
            rows.append(row)
        }
        let report = Report(
            machine: MachineFacts.current(), screen: "\(small.width)x\(small.height)",
            resizedTo: "\(large.width)x\(large.height)", rows: rows)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("A lesson of every block kind, read at \(report.screen), resized to \(report.resizedTo) and back.")
        print(
            "Seconds, median of \(repetitions); first screen = load + layout + draw (goal < 1 s); resize goal < 0.5 s.")
        print("Each run in a new process, as cold as `ptt lesson` starts (its start-up, about 0.05 s, not counted).")
        print(
            "Wall time; in brackets the CPU time of every thread (a busy machine stretches the first, not the second).")
        var table = [
            ["size", "blocks", "load", "layout", "first screen (cpu)", "resize (cpu)", "resize back", "--plain"]
        ]
        for row in rows {
            table.append([
                "\(row.megabytes) MB", grouped(row.blocks), Self.seconds(row.load), Self.seconds(row.layout),
                "\(Self.seconds(row.firstScreen)) (\(Self.seconds(row.firstScreenCPU)))",
                "\(Self.seconds(row.resize)) (\(Self.seconds(row.resizeCPU)))", Self.seconds(row.resizeBack),
                row.plain.map(Self.seconds) ?? "-",
            ])
        }
        printColumns(table, leftAligned: 1)
        if let warning = report.machine.warning { print("warning: \(warning)") }
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }

    /// The CPU time of every thread of this process in seconds
    /// (`CLOCK_PROCESS_CPUTIME_ID`): a long lesson is parsed and measured on
    /// every CPU.
    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// One run of `measure` in a new process of this binary.
    static func measureInNewProcess(folder: String, megabytes: Double, plain: Bool) throws -> Row {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments =
            ["bench", "lesson", "--measure-folder", folder, "--sizes", "\(megabytes)"] + (plain ? [] : ["--no-plain"])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let row = try? JSONDecoder().decode(Row.self, from: data) else {
            throw ValidationError(
                "a measuring run exited \(process.terminationStatus): "
                    + String(decoding: data.prefix(300), as: UTF8.self).visibleControlCharacters)
        }
        return row
    }

    /// Times one run of everything on the lesson in `folder`.
    static func measure(folder: String, megabytes: Double, small: Size, large: Size, plain: Bool) throws -> Row {
        let c0 = processCPU()
        let t0 = MonotonicClock.now()
        let library = try LessonLibrary.load(directory: folder, parts: .everyCPU)
        let t1 = MonotonicClock.now()
        guard let lesson = library.lessons.first else {
            throw ValidationError(
                "the generated lesson did not parse: \(library.diagnostics.first.map(String.init(describing:)) ?? "")")
        }
        var app = AppModel(library: library, size: small)
        guard var screen = LessonScreen.open(&app, index: 0, offset: 0) else {
            throw ValidationError("the generated lesson did not open")
        }
        let t2 = MonotonicClock.now()
        var canvas = Canvas(width: small.width, height: small.height)
        screen.view(app, on: &canvas)
        let t3 = MonotonicClock.now()
        let c1 = processCPU()
        // Read a little way in, then resize there and back.
        screen.reader.offset = screen.reader.layout.height / 3
        screen.clampAndMarkRead(&app)
        let r0 = MonotonicClock.now()
        let c2 = processCPU()
        app.size = large
        screen.relayout(&app)
        var big = Canvas(width: large.width, height: large.height)
        screen.view(app, on: &big)
        let r1 = MonotonicClock.now()
        let c3 = processCPU()
        app.size = small
        screen.relayout(&app)
        canvas = Canvas(width: small.width, height: small.height)
        screen.view(app, on: &canvas)
        let r2 = MonotonicClock.now()
        var plainSeconds: Double?
        if plain {
            let p0 = MonotonicClock.now()
            let text = plainText(lesson, width: 80)
            plainSeconds = MonotonicClock.seconds(from: p0, to: MonotonicClock.now())
            precondition(!text.isEmpty)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: folder + "/01-big.md")[.size] as? Int) ?? nil
        return Row(
            megabytes: megabytes, bytes: bytes ?? 0, blocks: lesson.blocks.count,
            load: MonotonicClock.seconds(from: t0, to: t1), layout: MonotonicClock.seconds(from: t1, to: t2),
            firstScreen: MonotonicClock.seconds(from: t0, to: t3), firstScreenCPU: c1 - c0,
            resize: MonotonicClock.seconds(from: r0, to: r1), resizeCPU: c3 - c2,
            resizeBack: MonotonicClock.seconds(from: r1, to: r2), plain: plainSeconds)
    }

    /// A lesson of about `bytes` bytes: headings, paragraphs with markup and
    /// wide characters, lists, a table, fenced code with a tab, a callout, a
    /// quote and a rule, over and over (`scripts/bench-lesson.sh` has it from `--write-lesson`).
    static func lesson(bytes target: Int) -> String {
        let chunk = """
            ## Section {n}

            A process has its own address space; **threads** share one, so a *write* by one
            thread is seen by the others at once. See `pthread_create(3)` and
            [the man page](https://man7.org/linux/man-pages/man7/pthreads.7.html) for more.
            进程和线程 🧵 are measured in cells.

            - one item with `code`
            - another item
              - nested item

            | Aspect | Process | Thread |
            |---|:---:|--:|
            | Memory | private | shared |
            | Crash | contained | takes all |

            ```go
            func main() {
            \tgo work()
            }
            ```

            > [!NOTE]
            > A callout with **bold** text.

            > A quotation.

            ***


            """
        var text = "---\nid: big\ntitle: Big\n---\n\n# Big\n\n"
        text.reserveCapacity(target + chunk.utf8.count)
        let pieces = chunk.components(separatedBy: "{n}")
        var n = 0
        var written = 0
        while written < target {
            let part = pieces.joined(separator: String(n))
            text += part
            written += part.utf8.count
            n += 1
        }
        return text
    }
}
