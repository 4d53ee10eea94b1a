import ArgumentParser
import Foundation
import Labs

/// `ptt bench switch` and `ptt bench spawn`: the measurement labs beside
/// switch.c and spawn.c from the C baselines, in the same run.
struct SwitchBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch", abstract: "Time the switch lab's ping-pong beside switch.c (per switch, µs).")

    @Option(help: ArgumentHelp("Round trips in all, as switch.c takes them (100...10000000).", valueName: "n"))
    var rounds = 100_000

    @OptionGroup var options: BenchOptions

    func validate() throws { try check(rounds, in: 100...10_000_000, "--rounds") }

    func run() throws {
        let repetitions = options.repetitions
        let rounds = rounds
        try runMeasurementBench(
            title: "the switch lab: one byte each way over two pipes, per switch = round trip / 2", program: "switch",
            cArguments: [String(rounds)], options: options, decoding: CSwitchFigures.self
        ) { c in
            let report = try SwitchBench.run(rounds: rounds, repetitions: repetitions)
            return SwitchBench.rows(report, c: c)
        }
    }
}

struct SpawnBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spawn", abstract: "Time thread create, fork and posix_spawn beside spawn.c (µs per operation).")

    @Option(help: ArgumentHelp("Operations of each kind, as spawn.c takes them (10...100000).", valueName: "n"))
    var count = 2000

    @OptionGroup var options: BenchOptions

    func validate() throws { try check(count, in: 10...100_000, "--count") }

    func run() throws {
        let count = count
        try runMeasurementBench(
            title: "the spawn lab: pthread_create+join, fork+_exit+waitpid, posix_spawn+waitpid", program: "spawn",
            cArguments: [String(count)], options: options, decoding: CSpawnFigures.self
        ) { c in SpawnBench.rows(try SpawnBench.run(count: count), c: c) }
    }
}

/// What `--json` prints for a measurement bench.
struct MeasurementBenchReport: Encodable {
    var machine: MachineFacts
    var repetitions: Int
    var baselinesNote: String?
    var rows: [BenchComparison]
}

/// Builds the C program, then per repetition runs C and Swift alternately
/// (so both see the same machine), and prints the median of each figure with
/// the Swift/C ratio.
func runMeasurementBench<C: Decodable & Sendable>(
    title: String, program: String, cArguments: [String], options: BenchOptions, decoding: C.Type,
    swift: (C?) throws -> [BenchComparison]
) throws {
    let machine = MachineFacts.current()
    var note: String?
    var c: CBaseline?
    if options.noBaselines {
        note = "left out with --no-baselines"
    } else {
        switch CBaseline.prepare(program, directory: options.baselines ?? BenchCommand.defaultBaselinesDirectory()) {
        case .success(let built): c = built
        case .failure(let why): note = why.message
        }
    }
    defer { c?.remove() }
    var runs: [[BenchComparison]] = []
    for repetition in 1...options.repetitions {
        BenchCommand.progress("run \(repetition) of \(options.repetitions): \(program).c and ptt…")
        var figures: C?
        if let program = c {
            do {
                figures = try program.run(cArguments, decoding: C.self)
            } catch {
                note = "\(program.source) failed: \(error)"
            }
        }
        runs.append(try swift(figures))
    }
    BenchCommand.progress(nil)
    // The median of each row over the repetitions, by the Swift figure.
    let rows =
        runs.first.map { first in
            first.indices.map { i in median(runs.map { $0[i] }, by: \.swiftMicros) ?? first[i] }
        } ?? []
    if options.json {
        try printJSON(
            MeasurementBenchReport(machine: machine, repetitions: options.repetitions, baselinesNote: note, rows: rows))
        return
    }
    print("ptt bench \(program): \(title)")
    if let warning = machine.warning { print("warning: \(warning)") }
    var table = [["measurement", "Swift µs", "C µs", "Swift/C"]]
    for row in rows {
        table.append([
            row.name, String(format: "%.2f", row.swiftMicros), row.cMicros.map { String(format: "%.2f", $0) } ?? "–",
            row.ratio.map { String(format: "%.2f×", $0) } ?? "–",
        ])
    }
    printColumns(table, leftAligned: 1)
    if let note { print("C baselines: \(note)") }
    print("median of \(options.repetitions) runs; aim: within 25 % of C (the point is that ptt's figures are true).")
}
