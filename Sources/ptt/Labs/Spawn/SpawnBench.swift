import ArgumentParser
import Foundation
import Labs

/// `ptt bench spawn`: the spawn lab beside spawn.c from the C baselines, in the same run.
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
