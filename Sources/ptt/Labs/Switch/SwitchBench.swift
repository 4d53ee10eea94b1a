import ArgumentParser
import Foundation
import Labs

/// `ptt bench switch`: the switch lab beside switch.c from the C baselines, in the same run.
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
