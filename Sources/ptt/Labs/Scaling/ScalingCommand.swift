import ArgumentParser
import Labs
import TerminalUI

extension ScalingConfig: CustomStringConvertible {
    public var description: String { "scaling up to \(resolvedMaxWorkers) workers" }
}

/// The CPU- and I/O-bound scaling lab in the registry, `ptt demo scaling`, and its screen.
enum ScalingLabEntry: MeasurementLab {
    static let entry = LabEntry(
        name: "scaling", summary: "CPU-bound and I/O-bound work on 1…N threads and processes (and Python's GIL)",
        command: ScalingCommand.self, open: { _ in [.push(MeasurementScreen<ScalingLabEntry>(config: .standard))] },
        childRoles: ScalingLab.roles)

    static let name = "scaling"
    static let title = "Lab: scaling — CPU-bound and I/O-bound work on threads and processes"
    static let standardConfig = ScalingConfig.standard

    static func run(
        _ config: ScalingConfig, executable: ChildExecutable, progress: Mailbox<LabProgress>, cancel: CancellationFlag
    ) throws -> ScalingReport {
        try ScalingLab.run(config, executable: executable, progress: progress, cancel: cancel)
    }

    static func environment(_ report: ScalingReport) -> MeasurementEnvironment { report.environment }

    static func measured(_ report: ScalingReport) -> MeasuredReports { MeasuredReports(scaling: report) }

    /// The chart of `points` (see ``ScalingChart``).
    static func chart(
        _ title: String, _ points: [ScalingPoint], cpus: Int, width: Int, cpuBound: Bool = true
    ) -> [[TextRun]] {
        ScalingChart.lines(title, points, cpus: cpus, width: width, cpuBound: cpuBound)
    }

    static func result(_ r: ScalingReport, width: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        lines += chart("CPU-bound: \(r.cpuJob)", r.cpuBound, cpus: r.cpus, width: width)
        lines.append([
            TextRun(
                "  Swift threads run in parallel: no lock like Python's GIL. Past \(r.cpus) CPU\(r.cpus == 1 ? "" : "s") "
                    + "more workers only share them.", Style(.dim))
        ])
        lines.append([])
        lines += chart("I/O-bound: \(r.ioJob)", r.ioBound, cpus: r.cpus, width: width, cpuBound: false)
        lines.append([
            TextRun(
                "  A blocked thread uses no CPU, so waits overlap whatever the CPU count: threads and processes alike.",
                Style(.dim))
        ])
        if let py = r.python {
            lines.append([])
            lines += chart(
                "Python \(py.version) at \(py.executable), GIL \(py.gilEnabled ? "on" : "off") (\(py.gilCheck)): the same CPU-bound job",
                py.points, cpus: r.cpus, width: width)
        } else if let note = r.pythonNote {
            lines.append([])
            lines.append([TextRun("Python: ", Style(.heading, bold: true)), TextRun(note, Style(.dim))])
        }
        lines.append([])
        lines.append([TextRun(environmentLine(r.environment), Style(.dim))])
        return lines
    }
}

struct ScalingCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "CPU-bound and I/O-bound work split over 1…N threads and processes, and Python threads beside them.")

    @Option(help: "The most workers (1…64; default twice the CPUs, at most 16).")
    var maxWorkers: Int?

    @Flag(help: "Leave out the Python runs.")
    var noPython = false

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    var config: ScalingConfig {
        var config = ScalingConfig.standard
        config.maxWorkers = maxWorkers
        if noPython { config.python = false }
        return config
    }

    func validate() throws { try check(maxWorkers, in: ScalingConfig.workerRange, "--max-workers") }

    func report() throws -> any Encodable { try ScalingLab.run(config) }

    func open(_ app: inout AppModel) -> [Effect] { [.push(MeasurementScreen<ScalingLabEntry>(config: config))] }
}
