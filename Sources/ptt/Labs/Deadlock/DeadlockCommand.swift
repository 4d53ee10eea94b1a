import ArgumentParser
import Foundation
import Labs

/// The deadlock lab in the registry, and `ptt demo deadlock`.
enum DeadlockLabEntry {
    static let entry = LabEntry(
        name: "deadlock",
        summary:
            "two threads take two locks in opposite order and hang; then one lock order; then fork with a lock held",
        command: DeadlockCommand.self, open: { app in DeadlockCommand.openScreen(DeadlockScreen(), &app) },
        payloads: [DeadlockSnapshot.self, DeadlockReport.self],
        childRoles: DeadlockChild.roles)
}

/// What the deadlock screen can ask of its run.
enum DeadlockControl: Equatable, Sendable {
    /// Stop watching the stuck threads: kill their process, run the ordered work.
    case proceed
}

/// A deadlock run on the loop's terms: the lab on a thread of its own,
/// sampled through its mailbox; stopping cancels it and waits (the lab
/// kills and reaps its children within milliseconds).
final class DeadlockRunning: RunningLab {
    private let job: BackgroundJob<DeadlockReport>
    private let snapshots = Mailbox(DeadlockSnapshot(phase: .starting))
    private let cancel = CancellationFlag()
    private let proceed = CancellationFlag()

    init(options: DeadlockLab.Options, executable: ChildExecutable) throws {
        let (snapshots, cancel, proceed) = (snapshots, cancel, proceed)
        job = try BackgroundJob.start(name: "deadlock-lab") {
            try DeadlockLab.run(
                executable: executable, options: options, cancel: cancel, proceed: proceed, snapshots: snapshots)
        }
    }

    func sample() -> [LabOutput] {
        let result = job.result
        let snapshot = LabOutput.progress(snapshots.read())
        switch result {
        case nil: return [snapshot]
        case .success(let report)?: return [snapshot, .finished(report)]
        case .failure(let error)?: return [snapshot, .failed(String(describing: error))]
        }
    }

    func control(_ control: LabControl) {
        if control.value as? DeadlockControl == .proceed { proceed.cancel() }
    }

    func stop() {
        cancel.cancel()
        _ = job.wait()
    }

    /// Waits for the run to end on its own; its report, or its error.
    func wait() throws -> DeadlockReport { try job.wait().get() }
}

struct DeadlockCommand: LabCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlock",
        abstract: "Two threads take locks A and B in opposite order and hang; one global order completes.",
        discussion: """
            The stuck threads are real, in a sacrificial child process that ptt kills and reaps.
            JSON keys: lab, deadlocked, detectedAfterMs, orderedRunCompleted, cycle[{thread, tid, holds, \
            wants, waitedMs, kernelState, waitChannel}], childPid, childExit, orderedRun{…}, forkWithLock{…}.
            """)

    @Flag(help: "Print one JSON report on stdout instead of the live screen.")
    var json = false

    @OptionGroup var show: LabShowOptions

    @OptionGroup var global: GlobalOptions

    func report() throws -> any Encodable { try DeadlockLab.run() }

    func open(_ app: inout AppModel) -> [Effect] { Self.openScreen(DeadlockScreen(), &app) }

    /// `--plain`: the whole lab once; it goes on from the stuck pair by itself.
    func plainRuns() throws -> [LabStart] {
        let options = DeadlockLab.Options()
        return [LabStart(options) { executable in try DeadlockRunning(options: options, executable: executable) }]
    }

    /// Puts `screen` in front and starts its run.
    static func openScreen(_ screen: DeadlockScreen, _ app: inout AppModel) -> [Effect] {
        var screen = screen
        let start = screen.start(&app)
        return [.push(screen)] + start
    }
}
