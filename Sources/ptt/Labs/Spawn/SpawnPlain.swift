import Labs

/// The spawn lab's report as plain lines: each way to start something,
/// fork after the parent's memory grew, then the article's claim.
extension SpawnReport: LabPayload {
    func plainLines(after previous: SpawnReport?) -> [String] {
        func row(_ what: String, _ stats: SampleStats, _ times: Int, vsThread: Bool) -> String {
            let ratio =
                vsThread && threadCreateMicros > 0 ? ", \(timesText(stats.mean / threadCreateMicros)) a thread" : ""
            return "\(what): mean \(microsText(stats.mean))\(ratio) (median \(microsText(stats.median)), "
                + "p99 \(microsText(stats.p99))) over \(grouped(times))"
        }
        var lines = [
            row("thread create + join", threadCreateStats, count, vsThread: false),
            row("fork + _exit + waitpid", forkStats, count, vsThread: true),
            row("posix_spawn \(spawnExecProgram) + waitpid", spawnExecStats, spawnExecCount, vsThread: true),
            row("posix_spawn ptt's own child + waitpid", processSpawnStats, processSpawnCount, vsThread: true),
        ]
        for t in touched {
            let what =
                t.touchedMiB > 0
                ? "fork after writing \(t.touchedMiB) MiB (resident)"
                : "fork after mapping \(t.mappedMiB) MiB, untouched"
            let small = forkStats.median
            let ratio = small > 0 ? ", \(timesText(t.forkStats.median / small)) a small fork (medians)" : ""
            lines.append(
                "\(what): median \(microsText(t.forkStats.median))\(ratio) over \(grouped(t.forkStats.count)) forks")
        }
        if !touched.isEmpty {
            lines.append(
                "fork copies the page tables of what is resident and marks those pages copy-on-write; "
                    + "memory mapped but never touched has no pages to copy")
        }
        if let rss = parentResidentKiB {
            lines.append("ptt's own resident memory during the small forks: \(rss / 1024) MiB")
        }
        lines += MeasurementPlain.claimLines("spawn", MeasuredReports(spawn: self))
        lines += MeasurementPlain.environmentLines(environment)
        return lines
    }
}

extension SpawnCommand {
    /// The screen's one run with these options (its predictions left out).
    func plainRuns() throws -> [LabStart] { [MeasurementScreen<SpawnLabEntry>.labStart(try config())] }
}
