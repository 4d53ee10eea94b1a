import ArgumentParser
import Foundation
import Labs

/// `ptt bench counters` (the default suite): race, locked and atomic beside counter.c.
struct CounterBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counters",
        abstract: "Time the race, locked and atomic counters beside counter.c.",
        discussion: "Each lab runs at full speed with its threads pinned one per CPU.")

    /// Locked and atomic aim for this Swift/C ratio or better (issue 3).
    static let targetRatio = 1.5

    @Option(help: ArgumentHelp("Thread counts to run, comma-separated, each from 1 to 64.", valueName: "list"))
    var threads = "1,2,4"

    @Option(help: ArgumentHelp("Increments per thread (1...1000000000).", valueName: "n"))
    var increments = 1_000_000

    @OptionGroup var options: BenchOptions

    var repetitions: Int { options.repetitions }
    var baselines: String? { options.baselines }
    var noBaselines: Bool { options.noBaselines }
    var json: Bool { options.json }

    func validate() throws {
        _ = try threadCounts()
        guard CounterConfig.incrementRange.contains(increments) else {
            throw ValidationError("--increments must be from 1 to 1000000000 (got \(increments))")
        }
    }

    /// `--threads` as numbers, in the order given, duplicates dropped.
    func threadCounts() throws -> [Int] {
        var counts: [Int] = []
        for part in threads.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let n = Int(text), CounterConfig.threadRange.contains(n) else {
                throw ValidationError(
                    "--threads takes thread counts from 1 to 64 separated by commas, like 1,2,4 (got '\(text)')")
            }
            if !counts.contains(n) { counts.append(n) }
        }
        return counts
    }

    func run() throws {
        let counts = try threadCounts()
        let machine = MachineFacts.current()
        var c: CCounter?
        var note: String?
        if noBaselines {
            note = "left out with --no-baselines"
        } else {
            switch CCounter.prepare(directory: baselines ?? BenchCommand.defaultBaselinesDirectory()) {
            case .success(let counter): c = counter
            case .failure(let why): note = why.message
            }
        }
        defer { c?.remove() }

        if json {
            if let warning = machine.warning { FileHandle.standardError.write(Data("ptt: \(warning)\n".utf8)) }
        } else {
            printHeader(machine, c: c)
        }

        var rows: [BenchRow] = []
        var pinned = true
        for threads in counts {
            var swiftRuns: [CounterKind: [CounterReport]] = [:]
            var cRuns: [CounterKind: [CCounter.Mode]] = [:]
            for repetition in 1...repetitions {
                BenchCommand.progress(
                    "running \(threads) thread\(threads == 1 ? "" : "s"), run \(repetition) of \(repetitions)…")
                for report in try CounterBench.run(
                    threadCounts: [threads], incrementsPerThread: increments, pin: true, repetitions: 1)
                {
                    swiftRuns[report.lab, default: []].append(report)
                    pinned = pinned && report.pinned
                }
                guard let counter = c else { continue }
                do {
                    for (kind, mode) in try counter.run(threads: threads, increments: increments) {
                        cRuns[kind, default: []].append(mode)
                    }
                } catch {
                    note = "counter.c failed at \(threads) threads: \(error)"
                    counter.remove()
                    c = nil
                }
            }
            for kind in CounterKind.allCases {
                guard let swift = median(swiftRuns[kind] ?? [], by: \.seconds) else { continue }
                rows.append(BenchRow(swift: swift, c: median(cRuns[kind] ?? [], by: \.seconds)))
            }
        }
        BenchCommand.progress(nil)
        let order = CounterKind.allCases
        rows.sort {
            (order.firstIndex(of: $0.lab)!, counts.firstIndex(of: $0.threads)!)
                < (order.firstIndex(of: $1.lab)!, counts.firstIndex(of: $1.threads)!)
        }

        if json {
            let report = BenchReport(
                machine: machine, incrementsPerThread: increments, repetitions: repetitions, pinned: pinned,
                baselinesNote: note, rows: rows)
            try printJSON(report)
        } else {
            printTable(rows, pinned: pinned, note: note)
        }
    }

    private func printHeader(_ machine: MachineFacts, c: CCounter?) {
        print("ptt bench: the counter labs at full speed, threads pinned one per CPU")
        print(
            "machine: \(machine.cpus) CPU\(machine.cpus == 1 ? "" : "s") allowed, kernel \(machine.kernel), "
                + "\(machine.arch), \(machine.build) build")
        if let warning = machine.warning { print("warning: \(warning)") }
        var plan = "\(increments.formatted()) increments per thread, median of \(repetitions) run"
        if repetitions > 1 { plan += "s" }
        if let c { plan += "; C: \(c.source) built with \(c.compiler) -O2 -pthread, run between the Swift runs" }
        print(plan)
        print("")
    }

    private func printTable(_ rows: [BenchRow], pinned: Bool, note: String?) {
        let hasC = rows.contains { $0.cNsPerIncrement != nil }
        var table = [["lab", "threads", "Swift ns/inc", "lost"]]
        if hasC { table[0] += ["C ns/inc", "C lost", "Swift/C"] }
        for row in rows {
            var line = [
                row.lab.rawValue, String(row.threads), format(row.swiftNsPerIncrement), lostText(row.lostFraction),
            ]
            if hasC {
                line += [
                    row.cNsPerIncrement.map(format) ?? "-", row.cLostFraction.map(lostText) ?? "-",
                    row.lab == .race ? "(noise)" : row.ratio.map { format($0) + "×" } ?? "-",
                ]
            }
            table.append(line)
        }
        printColumns(table, leftAligned: 1)
        print("")
        if !pinned { print("note: some threads could not be pinned to a CPU; the race may lose less.") }
        guard hasC else {
            print("no C column: \(note ?? "no baseline numbers")")
            return
        }
        if let note { print("note: \(note)") }
        let target = "\(Self.targetRatio)×"
        print("Swift/C is the figure that matters (absolute numbers swing between runs); locked and atomic aim")
        print("for \(target) or less. The race's time is noise-level, so its ratio is marked (noise).")
        let measured = rows.filter { $0.lab != .race && $0.ratio != nil }
        let over = measured.filter { $0.ratio! > Self.targetRatio }
        if over.isEmpty {
            print("locked and atomic: all \(measured.count) within \(target) of C.")
        } else {
            let names = over.map { "\($0.lab.rawValue) at \($0.threads) (\(format($0.ratio!))×)" }
            print(
                "locked and atomic: \(measured.count - over.count) of \(measured.count) within \(target) of C; "
                    + "over: \(names.joined(separator: ", ")).")
        }
    }
}

/// One lab at one thread count: Swift's median run beside C's.
struct BenchRow: Encodable {
    var lab: CounterKind
    var threads: Int
    var expected: Int
    /// Lost updates in the Swift run (0 for locked and atomic).
    var lost: Int
    var swiftNsPerIncrement: Double
    var cNsPerIncrement: Double?
    var cLost: Int?
    var cExpected: Int?

    init(swift: CounterReport, c: CCounter.Mode?) {
        lab = swift.lab
        threads = swift.threads
        expected = swift.expected
        lost = swift.lost
        swiftNsPerIncrement = swift.nsPerIncrement
        cNsPerIncrement = c?.nsPerIncrement
        cLost = c.map { Int($0.lost) }
        cExpected = c.map { Int($0.expected) }
    }

    /// Swift / C; nil without C numbers and for the race, whose time is noise.
    var ratio: Double? {
        guard lab != .race, let c = cNsPerIncrement, c > 0 else { return nil }
        return swiftNsPerIncrement / c
    }

    var lostFraction: Double { expected > 0 ? Double(lost) / Double(expected) : 0 }

    var cLostFraction: Double? {
        guard let cLost, let cExpected, cExpected > 0 else { return nil }
        return Double(cLost) / Double(cExpected)
    }

    private enum CodingKeys: String, CodingKey {
        case lab, threads, expected, lost, swiftNsPerIncrement, cNsPerIncrement, ratio, cLost
    }

    /// Writes every key, absent C numbers as null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lab, forKey: .lab)
        try c.encode(threads, forKey: .threads)
        try c.encode(expected, forKey: .expected)
        try c.encode(lost, forKey: .lost)
        try c.encode(swiftNsPerIncrement, forKey: .swiftNsPerIncrement)
        try c.encode(cNsPerIncrement, forKey: .cNsPerIncrement)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(cLost, forKey: .cLost)
    }
}

/// The `--json` output.
struct BenchReport: Encodable {
    var machine: MachineFacts
    var incrementsPerThread: Int
    var repetitions: Int
    var pinned: Bool
    /// Why there are no (or not all) C numbers; nil when all are there.
    var baselinesNote: String?
    var rows: [BenchRow]

    private enum CodingKeys: String, CodingKey {
        case machine, warning, incrementsPerThread, repetitions, pinned, baselinesNote, rows
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(machine, forKey: .machine)
        try c.encodeIfPresent(machine.warning, forKey: .warning)
        try c.encode(incrementsPerThread, forKey: .incrementsPerThread)
        try c.encode(repetitions, forKey: .repetitions)
        try c.encode(pinned, forKey: .pinned)
        try c.encode(baselinesNote, forKey: .baselinesNote)
        try c.encode(rows, forKey: .rows)
    }
}

/// `counter.c` from the C baselines, compiled into a temporary folder for one run.
struct CCounter {
    /// One mode's numbers as counter.c prints them (every number as a double).
    struct Mode: Decodable {
        var final: Double
        var expected: Double
        var lost: Double
        var seconds: Double
        var nsPerIncrement: Double
    }

    /// counter.c's one JSON line: `{"threads":…,"racy":{…},"mutex":{…},"atomic":{…}}`.
    private struct Output: Decodable {
        var racy: Mode
        var mutex: Mode
        var atomic: Mode
    }

    let program: CBaseline
    var source: String { program.source }
    var compiler: String { program.compiler }

    /// Compiles `directory/counter.c` with `$CC` (default `cc`) `-O2 -pthread`.
    static func prepare(directory: String?) -> Result<CCounter, CBaseline.Unavailable> {
        CBaseline.prepare("counter", directory: directory).map(CCounter.init)
    }

    /// Runs `counter THREADS INCREMENTS 1` (pinned) and returns each mode by lab.
    func run(threads: Int, increments: Int) throws -> [(CounterKind, Mode)] {
        let output = try program.run([String(threads), String(increments), "1"], decoding: Output.self)
        return [(.race, output.racy), (.locked, output.mutex), (.atomic, output.atomic)]
    }

    /// Deletes the temporary folder and the binary in it.
    func remove() { program.remove() }
}

private func format(_ value: Double) -> String { String(format: "%.2f", value) }

private func lostText(_ fraction: Double) -> String { fraction == 0 ? "0" : String(format: "%.1f %%", fraction * 100) }
