import ArgumentParser
import Foundation
import Labs

/// The suites of `ptt bench`, one per lab that has one, taken from the lab registry.
typealias BenchSuite = any ParsableCommand.Type

/// `ptt bench SUITE`: a lab at full speed beside its C baseline, run on the
/// same machine in the same invocation.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the labs at full speed and compare them with the C baselines on this machine.",
        discussion: """
            Each suite runs its lab at full speed and the matching program from the C baselines \
            (built with cc -O2) between the Swift runs, so both see the same machine. Compare the \
            Swift/C ratio, not the absolute numbers, and build for release first. Examples:
              swift run -c release ptt bench
              ptt bench --threads 1,2,4,8 --increments 5000000
              ptt bench --no-baselines --json | python3 -m json.tool
              ptt bench ipc            the ipc lab's transports beside pipe.c, shm.c
              ptt bench ipc --items 20000 --bulk-mib 16 --repetitions 1
              ptt bench lesson         1, 5 and 10 MB lessons: first screen, resize
            """,
        // The labs' suites, then the lesson reader's (not a lab: it times parsing and layout).
        subcommands: benchSuites + [LessonBenchCommand.self],
        defaultSubcommand: benchSuites.first
    )

    static var benchSuites: [BenchSuite] {
        var seen = Set<ObjectIdentifier>()
        return LabRegistry.standard.entries.compactMap(\.bench).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// A progress line on stderr, only when stderr is a terminal; nil clears it.
    static func progress(_ text: String?) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text ?? "")).utf8))
    }

    /// `<package root>/../shared/baselines`, the package root found by walking
    /// up from this binary (`.build/<triple>/<config>/ptt`) to Package.swift.
    static func defaultBaselinesDirectory() -> String? {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<5 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                return dir.deletingLastPathComponent().appendingPathComponent("shared/baselines").path
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}

/// The options every bench suite takes.
struct BenchOptions: ParsableArguments {
    static let repetitionRange = 1...20

    @Option(help: ArgumentHelp("Runs of each measurement; the median is shown (1...20).", valueName: "r"))
    var repetitions = 3

    @Option(
        help: ArgumentHelp(
            "The C baselines folder (default: ../shared/baselines beside the package).", valueName: "dir"))
    var baselines: String?

    @Flag(help: "Leave out the C baselines: Swift numbers only.")
    var noBaselines = false

    @Flag(help: "Print one JSON object on stdout instead of the table.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard Self.repetitionRange.contains(repetitions) else {
            throw ValidationError("--repetitions must be from 1 to 20 (got \(repetitions))")
        }
        if noBaselines && baselines != nil {
            throw ValidationError("--baselines and --no-baselines cannot be used together")
        }
    }
}

/// Prints rows of cells in aligned columns, two spaces apart: the first
/// `leftAligned` columns flush left, the rest (numbers) flush right.
func printColumns(_ table: [[String]], leftAligned: Int) {
    let widths = table[0].indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    for line in table {
        let cells = line.enumerated().map { column, cell in
            let pad = String(repeating: " ", count: widths[column] - cell.count)
            return column < leftAligned ? cell + pad : pad + cell
        }
        print(cells.joined(separator: "  "))
    }
}

/// The element whose `key` is the median (the upper one of an even count), as
/// `CounterBench` picks its runs; nil for none.
func median<T>(_ items: [T], by key: (T) -> Double) -> T? {
    items.isEmpty ? nil : items.sorted { key($0) < key($1) }[items.count / 2]
}

/// What the numbers were measured on.
struct MachineFacts: Encodable {
    /// CPUs this process may run on (`sched_getaffinity`).
    var cpus: Int
    var kernel: String
    var arch: String
    /// "release" or "debug".
    var build: String
    /// UTC, ISO 8601.
    var date: String

    var warning: String? {
        build == "debug"
            ? "debug build: these numbers mean little; use `swift build -c release` / `swift run -c release ptt bench`"
            : nil
    }

    static func current() -> MachineFacts {
        var names = utsname()
        _ = uname(&names)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        #if DEBUG
            let build = "debug"
        #else
            let build = "release"
        #endif
        return MachineFacts(
            cpus: OSThreadGroup.allowedCPUCount, kernel: text(names.release), arch: text(names.machine), build: build,
            date: ISO8601DateFormatter().string(from: Date()))
    }
}
