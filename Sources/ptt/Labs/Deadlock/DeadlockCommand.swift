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

    /// With `record`, the snapshots (with their times) and the report are
    /// saved to that file when the run ends (`--record FILE`).
    init(options: DeadlockLab.Options, executable: ChildExecutable, record: String? = nil) throws {
        let (snapshots, cancel, proceed) = (snapshots, cancel, proceed)
        let recorder = record.map { _ in LabRecorder(lab: "deadlock", mailbox: snapshots) }
        try recorder?.startSampling(every: 0.02)
        job = try BackgroundJob.start(name: "deadlock-lab") {
            let report = try DeadlockLab.run(
                executable: executable, options: options, cancel: cancel, proceed: proceed, snapshots: snapshots)
            if let recorder, let record { try recorder.finish(report: report).write(to: record) }
            return report
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

/// A deadlock run as a recording holds it.
typealias DeadlockRecording = LabRecording<DeadlockSnapshot, DeadlockReport>

/// A recorded deadlock run played back at its own pace: the snapshot of
/// each moment, then the report. Space skips the recorded wait on the
/// cycle, as it ended the wait when the run was recorded.
final class DeadlockReplay: RunningLab {
    private let recording: DeadlockRecording
    private let started = MonotonicClock.now()
    private let skipped = Mailbox(0.0)

    init(_ recording: DeadlockRecording) { self.recording = recording }

    private var elapsed: Double { MonotonicClock.seconds(from: started, to: MonotonicClock.now()) + skipped.read() }

    func sample() -> [LabOutput] {
        let t = elapsed
        let snapshot = recording.snapshot(at: t).map { [LabOutput.progress($0)] } ?? []
        guard t >= recording.duration else { return snapshot }
        if let report = recording.report { return snapshot + [.finished(report)] }
        return snapshot + [.failed("the recording has no report: the recorded run did not finish")]
    }

    func control(_ control: LabControl) {
        guard control.value as? DeadlockControl == .proceed else { return }
        let now = elapsed
        let after = recording.events.first { $0.tSeconds > now && $0.snapshot.phase != .deadlocked }
        if let after { skipped.update { $0 += max(0, after.tSeconds - now) } }
    }

    func stop() {}
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
    var plain: Bool { show.plain }
    var record: String? { show.record }
    var replay: String? { show.replay }

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let replay {
            do {
                _ = try DeadlockRecording.read(from: replay, lab: "deadlock")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        if plain {
            try DeadlockPlain.run(record: record, replay: replay)
            return
        }
        if let replay, json || isatty(STDOUT_FILENO) != 1 {
            try printJSON(try DeadlockRecording.read(from: replay, lab: "deadlock").report)
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if json || !interactive {
            try printJSON(try report())
            return
        }
        let library = try global.loadLibrary()
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        let effects = open(&model)
        try runApp(model: model, global: global, startEffects: effects)
    }

    func report() throws -> any Encodable {
        guard let record else { return try DeadlockLab.run() }
        let running = try DeadlockRunning(options: DeadlockLab.Options(), executable: .current, record: record)
        return try running.wait()
    }

    func open(_ app: inout AppModel) -> [Effect] {
        var screen = DeadlockScreen()
        screen.record = record
        if let replay, let recording = try? DeadlockRecording.read(from: replay, lab: "deadlock") {
            screen.replay = recording
        }
        return Self.openScreen(screen, &app)
    }

    /// Puts `screen` in front and starts its run.
    static func openScreen(_ screen: DeadlockScreen, _ app: inout AppModel) -> [Effect] {
        var screen = screen
        let start = screen.start(&app)
        return [.push(screen)] + start
    }
}
