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
        payloads: [LabProgress.self, ScalingReport.self],
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

    /// The speed-up at the CPU count (CPU-bound: threads, processes; Python
    /// threads when they ran) and at the most workers (I/O-bound threads).
    static func presenterFigures(_ r: ScalingReport) -> [PresenterFigure] {
        func figure(_ label: String, _ speedup: Double, _ role: ColorRole) -> PresenterFigure {
            let text = timesText(speedup)
            return PresenterFigure(label, String(text.dropLast()), unit: "×", role: role)
        }
        func workers(_ n: Int, _ kind: String) -> String {
            "\(n) \(kind)\(n == 1 ? "" : kind == "process" ? "es" : "s")"
        }
        // CPU-bound against I/O-bound threads first: the two that fit at 80×24.
        var figures: [PresenterFigure] = []
        let cpuPoint = r.cpuBound.last.flatMap {
            ScalingReport.point(r.cpuBound, workers: min(max(2, r.cpus), $0.workers))
        }
        if let p = cpuPoint {
            figures.append(figure("CPU-bound, \(workers(p.workers, "thread")): speed-up", p.threadsSpeedup, .thread))
        }
        if let p = r.ioBound.last {
            figures.append(figure("I/O-bound, \(workers(p.workers, "thread")): speed-up", p.threadsSpeedup, .thread))
        }
        if let p = cpuPoint {
            figures.append(
                figure("CPU-bound, \(workers(p.workers, "process")): speed-up", p.processesSpeedup, .process))
        }
        if let py = r.python, let last = py.points.last {
            let at = min(max(2, r.cpus), last.workers)
            if let p = ScalingReport.point(py.points, workers: at) {
                figures.append(
                    figure(
                        "Python \(workers(at, "thread")), GIL \(py.gilEnabled ? "on" : "off"): speed-up",
                        p.threadsSpeedup, .warn))
            }
        }
        return figures
    }

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
