import Labs

/// The identity of one run of a lab: the lab's name and a number no other
/// run in this ptt has. Every message a run sends carries it, so a run that
/// ends or fails late reaches the screen that started it, or no screen.
struct RunID: Hashable, Sendable, CustomStringConvertible {
    var lab: String
    var number: Int

    var description: String { "\(lab)#\(number)" }
}

/// What a lab run says to its screen.
enum LabOutput: Sendable {
    /// A snapshot while it runs (the screen knows the type it expects).
    case progress(any Sendable)
    /// Its report; the run is over.
    case finished(any Sendable)
    /// It could not start or run; the run is over.
    case failed(String)
}

/// A control for a running lab (the lab knows the type it expects).
struct LabControl: Sendable, CustomStringConvertible {
    var value: any Sendable

    init(_ value: any Sendable) { self.value = value }

    var description: String { String(describing: value) }
}

/// How to start a lab run: `make` runs on a thread of its own (forking
/// children and reading /proc must not stall the screen), and returns the
/// running lab. `detail` names the configuration, for tests and logs.
struct LabStart: Sendable {
    var detail: String
    var make: @Sendable (ChildExecutable) throws -> any RunningLab

    init(_ config: some Sendable, make: @escaping @Sendable (ChildExecutable) throws -> any RunningLab) {
        detail = String(describing: config)
        self.make = make
    }
}

/// A lab that runs: the runner samples it each frame, passes controls to
/// it, and stops it. Implementations live beside their lab's screen.
protocol RunningLab: AnyObject, Sendable {
    /// What happened since the last call: snapshots, then (once) the report
    /// or the failure. After a `.finished` or `.failed` it is not called again.
    func sample() -> [LabOutput]
    /// A control from the screen; ignore what does not apply.
    func control(_ control: LabControl)
    /// Ends the run now: threads stop, children are killed and reaped.
    func stop()
    /// Whether it may have something to say at the next frame; a run that
    /// waits for a control says false, and the loop stops ticking for it.
    var isBusy: Bool { get }
}

extension RunningLab {
    func control(_ control: LabControl) {}
    var isBusy: Bool { true }
}

/// A lab that runs once to a report on a thread of its own (crash, fork,
/// the measurements): the runner polls for the report.
final class OneShotRun<Report: Sendable>: RunningLab {
    private let job: BackgroundJob<Report>

    init(name: String, _ body: @escaping @Sendable () throws -> Report) throws {
        job = try BackgroundJob.start(name: name, body)
    }

    func sample() -> [LabOutput] {
        switch job.result {
        case nil: []
        case .success(let report)?: [.finished(report)]
        case .failure(let error)?: [.failed(String(describing: error))]
        }
    }

    /// It ends on its own; stopping waits for it.
    func stop() { _ = job.wait() }
}
