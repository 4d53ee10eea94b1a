/// The counter labs at full speed, for `ptt bench`: race, locked and atomic at
/// a few thread counts, numbers only (the command prints them and runs the C
/// baselines beside them; compare ratios, not absolute numbers).
///
/// ```swift
/// for report in try CounterBench.run(threadCounts: [1, 2, 4]) {
///     print(report.lab, report.threads, report.nsPerIncrement, report.lost)
/// }
/// ```
public enum CounterBench {
    /// Runs every kind at every thread count, `repetitions` times each, and
    /// returns one report per (kind, thread count), kinds in the order given:
    /// the run with the median `seconds`, which damps a noisy neighbour or one
    /// unlucky placement without hiding a real cost.
    public static func run(
        kinds: [CounterKind] = CounterKind.allCases, threadCounts: [Int] = [1, 2, 4],
        incrementsPerThread: Int = 1_000_000, pin: Bool = true, repetitions: Int = 3
    ) throws -> [CounterReport] {
        var reports: [CounterReport] = []
        for kind in kinds {
            for threads in threadCounts {
                let config = CounterConfig(
                    kind: kind, threads: threads, incrementsPerThread: incrementsPerThread, pin: pin)
                var runs: [CounterReport] = []
                for _ in 0..<max(1, repetitions) { runs.append(try CounterRun.run(config)) }
                runs.sort { $0.seconds < $1.seconds }
                reports.append(runs[runs.count / 2])
            }
        }
        return reports
    }
}
