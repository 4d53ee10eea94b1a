import ArgumentParser
import Labs
import TerminalUI

extension SwitchConfig: CustomStringConvertible {
    public var description: String { "switch rounds \(rounds) × \(repetitions)" }
}

/// The context-switch lab in the registry, `ptt demo switch`, and its screen.
enum SwitchLabEntry: MeasurementLab {
    static let entry = LabEntry(
        name: "switch", summary: "ping-pong between two threads and between two processes: the cost of a switch",
        command: SwitchCommand.self, open: { _ in [.push(MeasurementScreen<SwitchLabEntry>(config: .standard))] },
        payloads: [LabProgress.self, SwitchReport.self],
        childRoles: SwitchLab.roles, bench: SwitchBenchCommand.self)

    static let name = "switch"
    static let title = "Lab: switch — what a context switch costs here"
    static let standardConfig = SwitchConfig.standard

    static func run(
        _ config: SwitchConfig, executable: ChildExecutable, progress: Mailbox<LabProgress>, cancel: CancellationFlag
    ) throws -> SwitchReport {
        try SwitchLab.run(config, executable: executable, progress: progress, cancel: cancel)
    }

    static func environment(_ report: SwitchReport) -> MeasurementEnvironment { report.environment }

    static func measured(_ report: SwitchReport) -> MeasuredReports { MeasuredReports(switchReport: report) }

    /// One switch between threads and between processes, pinned, net of the syscalls.
    static func presenterFigures(_ r: SwitchReport) -> [PresenterFigure] {
        [
            PresenterFigure("thread switch", measured: microsText(r.threadSwitchMicros), role: .thread),
            PresenterFigure("process switch", measured: microsText(r.processSwitchMicros), role: .process),
        ]
    }

    static func result(_ r: SwitchReport, width: Int) -> [[TextRun]] {
        var lines: [[TextRun]] = []
        lines.append([TextRun("One switch, pinned to one CPU (net of the syscalls)", Style(.heading, bold: true))])
        lines.append([
            TextRun("  threads    ", Style(.thread, bold: true)),
            TextRun(microsText(r.threadSwitchMicros), Style(.strong, bold: true)),
            TextRun("   raw \(microsText(r.rawThreadSwitchMicros))", Style(.dim)),
        ])
        lines.append([
            TextRun("  processes  ", Style(.process, bold: true)),
            TextRun(microsText(r.processSwitchMicros), Style(.strong, bold: true)),
            TextRun("   raw \(microsText(r.rawProcessSwitchMicros))", Style(.dim)),
        ])
        if let ratio = r.processToThreadRatio {
            lines.append([TextRun("  a process switch costs \(timesText(ratio)) a thread switch here", Style(.dim))])
        }
        lines.append([
            TextRun(
                "  a write + read on one pipe, no hand-off: \(microsText(r.syscallPairMicros.median)) (subtracted)",
                Style(.dim))
        ])
        if let t = r.unpinnedThreadSwitchMicros, let p = r.unpinnedProcessSwitchMicros {
            lines.append([])
            lines.append([TextRun("Unpinned (two CPUs waking each other)", Style(.heading, bold: true))])
            lines.append([
                TextRun("  threads \(microsText(t)) · processes \(microsText(p)) per hand-off: "),
                TextRun(
                    "when the two sides sit on different CPUs, a hand-off is a wake-up across CPUs, not a switch on one; "
                        + "when the scheduler keeps them on one CPU it equals the pinned figure.",
                    Style(.dim)),
            ])
        }
        let counted = r.threadCountedSwitches + r.processCountedSwitches
        if !counted.isEmpty {
            lines.append([])
            lines.append([
                TextRun("Switches counted by the kernel (/proc/PID/task/TID/status)", Style(.heading, bold: true))
            ])
            for c in counted {
                lines.append([
                    TextRun("  TID \(c.tid) (\(c.role), PID \(c.pid)): ", Style(.dim)),
                    TextRun("\(c.voluntary) voluntary + \(c.involuntary) involuntary"),
                ])
            }
            lines.append([
                TextRun(
                    "  for \(r.rounds * r.repetitions) timed round trips (each side blocks once per round)", Style(.dim)
                )
            ])
        }
        if !r.measurements.isEmpty {
            lines.append([])
            lines.append([
                TextRun(
                    "Every round trip on its own (\(r.measurements.first?.roundTripMicros.count ?? 0) per run, two hand-offs each)",
                    Style(.heading, bold: true))
            ])
            for m in r.measurements {
                let what = "\(m.partner == .thread ? "threads" : "processes"), \(m.pinned ? "pinned" : "unpinned")"
                let t = m.roundTripMicros
                lines.append([
                    TextRun(
                        "  " + what.padding(toLength: 21, withPad: " ", startingAt: 0),
                        Style(m.partner == .thread ? .thread : .process, bold: true)),
                    TextRun("p50 \(microsText(t.p50))", Style(.strong, bold: true)),
                    TextRun(
                        "  p99 \(microsText(t.p99))  min \(microsText(t.min))  max \(microsText(t.max))", Style(.dim)),
                ])
            }
        }
        lines.append([])
        lines.append([
            TextRun("How: ", Style(.heading, bold: true)), TextRun(r.primitive + ". " + r.timed + ".", Style(.dim)),
        ])
        lines.append([TextRun(environmentLine(r.environment), Style(.dim))])
        return lines
    }
}

/// The conditions of a measurement, in one line.
func environmentLine(_ e: MeasurementEnvironment) -> String {
    let vm =
        switch e.virtualMachine {
        case true?: "a virtual machine" + (e.virtualMachineEvidence.map { " (\($0))" } ?? "")
        case false?: "not a VM"
        case nil: "VM unknown"
        }
    return "\(e.cpus) CPU\(e.cpus == 1 ? "" : "s") · \(vm) · \(e.build) build · \(e.kernel) \(e.arch) · \(e.clock)"
}

struct SwitchCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch",
        abstract: "Ping-pong between two threads and between two processes: what one context switch costs here.")

    @Option(help: "Timed round trips per repetition (100…10,000,000; default 20,000).")
    var rounds: Int?

    @Option(help: "Repetitions; the median is shown (1…50; default 5).")
    var repetitions: Int?

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    var config: SwitchConfig {
        SwitchConfig(
            rounds: rounds ?? SwitchConfig.standard.rounds,
            repetitions: repetitions ?? SwitchConfig.standard.repetitions)
    }

    func validate() throws {
        try check(rounds, in: SwitchConfig.roundRange, "--rounds")
        try check(repetitions, in: SwitchConfig.repetitionRange, "--repetitions")
    }

    func report() throws -> any Encodable { try SwitchLab.run(config) }

    func open(_ app: inout AppModel) -> [Effect] { [.push(MeasurementScreen<SwitchLabEntry>(config: config))] }
}
