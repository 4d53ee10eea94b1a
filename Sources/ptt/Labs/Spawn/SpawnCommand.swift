import ArgumentParser
import Labs
import TerminalUI

extension SpawnConfig: CustomStringConvertible {
    public var description: String { "spawn count \(count) touch \(touchMiB) untouched \(untouchedMiB)" }
}

/// The creation-cost lab in the registry, `ptt demo spawn`, and its screen.
enum SpawnLabEntry: MeasurementLab {
    static let entry = LabEntry(
        name: "spawn", summary: "thread create vs fork vs posix_spawn, and fork after touching 64 and 512 MiB",
        command: SpawnCommand.self, open: { _ in [.push(MeasurementScreen<SpawnLabEntry>(config: .standard))] },
        payloads: [LabProgress.self, SpawnReport.self],
        childRoles: SpawnLab.roles, bench: SpawnBenchCommand.self)

    static let name = "spawn"
    static let title = "Lab: spawn — what creating a thread or a process costs here"
    static let standardConfig = SpawnConfig.standard

    static func run(
        _ config: SpawnConfig, executable: ChildExecutable, progress: Mailbox<LabProgress>, cancel: CancellationFlag
    ) throws -> SpawnReport {
        try SpawnLab.run(config, executable: executable, progress: progress, cancel: cancel)
    }

    static func environment(_ report: SpawnReport) -> MeasurementEnvironment { report.environment }

    static func measured(_ report: SpawnReport) -> MeasuredReports { MeasuredReports(spawn: report) }

    /// The means per operation the report leads with.
    static func presenterFigures(_ r: SpawnReport) -> [PresenterFigure] {
        [
            PresenterFigure("thread create + join", measured: microsText(r.threadCreateMicros), role: .thread),
            PresenterFigure("fork + _exit + waitpid", measured: microsText(r.forkMicros), role: .process),
            PresenterFigure("posix_spawn /bin/true + waitpid", measured: microsText(r.spawnExecMicros), role: .process),
            PresenterFigure(
                "posix_spawn ptt's child + waitpid", measured: microsText(r.processSpawnMicros), role: .process),
        ]
    }

    static func result(_ r: SpawnReport, width: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        func row(_ label: String, _ role: ColorRole, _ stats: SampleStats, _ times: Int, _ base: Double?) -> [TextRun] {
            let ratio = base.map { $0 > 0 ? timesText(stats.mean / $0) : "" } ?? ""
            return [
                TextRun("  " + label.padding(toLength: 24, withPad: " ", startingAt: 0), Style(role, bold: true)),
                TextRun(
                    microsText(stats.mean).padding(toLength: 9, withPad: " ", startingAt: 0), Style(.strong, bold: true)
                ),
                TextRun(ratio.padding(toLength: 6, withPad: " ", startingAt: 0), Style(.strong)),
                TextRun("p50 \(microsText(stats.median)) · p99 \(microsText(stats.p99)) · ×\(times)", Style(.dim)),
            ]
        }
        lines.append([
            TextRun("Create, end and wait for one (mean; × a thread)", Style(.heading, bold: true))
        ])
        lines.append(row("thread: create + join", .thread, r.threadCreateStats, r.count, nil))
        lines.append(row("fork + _exit + waitpid", .process, r.forkStats, r.count, r.threadCreateMicros))
        lines.append(row("posix_spawn + waitpid", .process, r.spawnExecStats, r.spawnExecCount, r.threadCreateMicros))
        lines.append(
            row("ptt's own child + wait", .process, r.processSpawnStats, r.processSpawnCount, r.threadCreateMicros))
        lines.append([TextRun("  posix_spawn ran: \(r.spawnExecProgram)", Style(.dim))])
        if !r.touched.isEmpty {
            lines.append([])
            lines.append([TextRun("fork after the parent's memory grew", Style(.heading, bold: true))])
            for t in r.touched {
                let what =
                    t.touchedMiB > 0 ? "\(t.touchedMiB) MiB written (resident)" : "\(t.mappedMiB) MiB mapped, untouched"
                // Medians: a few forks each, and one slow one on a busy machine would move a mean.
                let small = r.forkStats.median
                let ratio = small > 0 ? "  \(timesText(t.forkStats.median / small)) a small fork (medians)" : ""
                lines.append([
                    TextRun("  " + what.padding(toLength: 30, withPad: " ", startingAt: 0)),
                    TextRun(microsText(t.forkStats.median), Style(.strong, bold: true)), TextRun(ratio, Style(.dim)),
                ])
            }
            lines.append([
                TextRun(
                    "  fork copies the page tables of what is resident, and marks those pages copy-on-write; "
                        + "memory mapped but never touched has no pages to copy.", Style(.dim))
            ])
        }
        if let rss = r.parentResidentKiB {
            lines.append([TextRun("  ptt's own resident memory during the small forks: \(rss / 1024) MiB", Style(.dim))]
            )
        }
        lines.append([])
        lines.append([TextRun("How: ", Style(.heading, bold: true)), TextRun(r.timed + ".", Style(.dim))])
        lines.append([TextRun(environmentLine(r.environment), Style(.dim))])
        return lines
    }
}

struct SpawnCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "spawn",
        abstract: "Thread create+join vs fork vs posix_spawn, and fork after the parent touched 64 and 512 MiB.")

    @Option(help: "Operations of each kind (10…100,000; default 1,000).")
    var count: Int?

    @Option(
        help: ArgumentHelp(
            "Private memory to write before forking again, in MiB, comma-separated (default 64,512).", valueName: "list"
        ))
    var touchMib: String?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func config() throws -> SpawnConfig {
        var config = SpawnConfig.standard
        if let count { config.count = count }
        if let touchMib {
            do {
                config.touchMiB = try SpawnConfig.parseMiBList(touchMib)
            } catch {
                throw ValidationError("--touch-mib: \(error)")
            }
        }
        return config
    }

    func validate() throws {
        try check(count, in: SpawnConfig.countRange, "--count")
        _ = try config()
    }

    func report() throws -> any Encodable { try SpawnLab.run(try config()) }

    func open(_ app: inout AppModel) -> [Effect] {
        [.push(MeasurementScreen<SpawnLabEntry>(config: (try? config()) ?? .standard))]
    }
}
