import ArgumentParser
import Foundation
import Labs

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
