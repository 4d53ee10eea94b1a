import Labs

/// Owns every running lab, through one interface: it starts them off the
/// UI thread, samples them each frame, passes controls on, and stops them.
/// The loop knows no lab by name.
///
/// Every child is killed and reaped by `stopAll` (on quit, on a signal, on
/// an error).
final class LabRunner {
    /// The binary started as the children (tests start a built ptt).
    var executable = ChildExecutable.current

    private enum State {
        /// `make` still runs on its thread.
        case starting(BackgroundJob<any RunningLab>)
        case running(any RunningLab)
    }

    private var runs: [RunID: State] = [:]
    /// Controls that came while the run was still starting.
    private var pending: [RunID: [LabControl]] = [:]

    init() {}

    var isEmpty: Bool { runs.isEmpty }

    /// Whether some run has something to say soon (it is starting, or it
    /// says it is busy): the loop ticks only then, so a lab that sits idle
    /// (the memory lab between reads) costs no CPU.
    var isBusy: Bool {
        runs.values.contains { state in
            switch state {
            case .starting: true
            case .running(let lab): lab.isBusy
            }
        }
    }

    func start(_ run: RunID, _ start: LabStart) {
        stop(run)
        let executable = executable
        do {
            let job = try BackgroundJob.start(name: "start-\(run.lab)") { try start.make(executable) }
            runs[run] = .starting(job)
        } catch {
            failures.append((run, String(describing: error)))
        }
    }

    /// Failures to report at the next sample (a thread that could not start).
    private var failures: [(RunID, String)] = []

    func control(_ run: RunID, _ control: LabControl) {
        switch runs[run] {
        case .running(let lab)?: lab.control(control)
        case .starting?: pending[run, default: []].append(control)
        case nil: break
        }
    }

    func stop(_ run: RunID) {
        guard let state = runs.removeValue(forKey: run) else { return }
        pending[run] = nil
        switch state {
        case .running(let lab): lab.stop()
        case .starting(let job):
            // Set-up is short (a fork, a read of /proc); wait, then undo it.
            if case .success(let lab) = job.wait() { lab.stop() }
        }
    }

    func stopAll() {
        for run in Array(runs.keys) { stop(run) }
    }

    /// What every run has to say since the last frame, each tagged with its run.
    func sample() -> [Msg] {
        var messages = failures.map { Msg.lab($0.0, .failed($0.1)) }
        failures = []
        for (run, state) in runs.sorted(by: { $0.key.number < $1.key.number }) {
            var lab: any RunningLab
            switch state {
            case .running(let running): lab = running
            case .starting(let job):
                switch job.result {
                case nil: continue
                case .failure(let error)?:
                    runs[run] = nil
                    messages.append(.lab(run, .failed(String(describing: error))))
                    continue
                case .success(let started)?:
                    lab = started
                    runs[run] = .running(started)
                    for control in pending.removeValue(forKey: run) ?? [] { started.control(control) }
                }
            }
            for output in lab.sample() {
                messages.append(.lab(run, output))
                switch output {
                case .finished, .failed: runs[run] = nil
                case .progress: break
                }
            }
        }
        return messages
    }
}
