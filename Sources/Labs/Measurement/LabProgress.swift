/// Where a long measurement is, for a progress bar: the phase it runs now
/// and how much of the whole run is done. A lab posts it to a `Mailbox`; the
/// screen reads the latest one whenever it draws.
///
/// ```swift
/// let progress = Mailbox(LabProgress.starting)
/// let report = try SwitchLab.run(.standard, progress: progress, cancel: flag)   // on a BackgroundJob
/// // screen: progress.read().phase, progress.read().fraction
/// ```
public struct LabProgress: Sendable, Equatable, Codable {
    /// What runs now, such as "threads, pinned to CPU 0".
    public var phase: String
    /// 0…1, never decreasing within one run.
    public var fraction: Double

    public init(phase: String, fraction: Double) {
        self.phase = phase
        self.fraction = min(1, max(0, fraction))
    }

    public static let starting = LabProgress(phase: "starting", fraction: 0)
}

/// Thrown by a lab's `run` when its `CancellationFlag` was raised. By then
/// every thread the lab started is joined and every child reaped.
public struct LabCancelled: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "cancelled" }
}

/// Counts a run's units of work done and posts the fraction, at most when it
/// has moved by a thousandth (a progress bar needs no more).
final class ProgressMeter: Sendable {
    private let box: Mailbox<LabProgress>?
    private let total: Double
    private let state: Mailbox<(done: Double, phase: String)>

    init(_ box: Mailbox<LabProgress>?, totalUnits: Double) {
        self.box = box
        total = max(1, totalUnits)
        state = Mailbox((0, "starting"))
    }

    /// Starts a phase (posted at once).
    func begin(_ phase: String) {
        let done = state.update { value -> Double in
            value.phase = phase
            return value.done
        }
        box?.post(LabProgress(phase: phase, fraction: done / total))
    }

    /// Adds `units` done in the current phase.
    func advance(_ units: Double) {
        let (done, phase) = state.update { value -> (Double, String) in
            value.done += units
            return (value.done, value.phase)
        }
        box?.post(LabProgress(phase: phase, fraction: done / total))
    }

    /// The whole run is done.
    func finish() {
        box?.post(LabProgress(phase: "done", fraction: 1))
    }
}

extension Optional where Wrapped == CancellationFlag {
    /// Throws `LabCancelled` when the flag exists and is raised.
    func check() throws(LabCancelled) {
        if let flag = self, flag.isCancelled { throw LabCancelled() }
    }

    var isCancelled: Bool { self?.isCancelled ?? false }
}
