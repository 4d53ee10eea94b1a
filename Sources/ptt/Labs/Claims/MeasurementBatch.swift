import Labs

/// Where a batch of measurement labs run in a row is: which lab runs now,
/// its own progress, and the reports of those already done (kept at once,
/// so a cancel loses only the lab that was running).
struct BatchProgress: Sendable {
    /// The labs of the batch, in order.
    var labs: [String]
    /// The one running now.
    var index: Int
    var progress: LabProgress
    /// Reports of `labs[0..<done.count]`.
    var done: [any Sendable]

    /// 0…1 over the whole batch.
    var fraction: Double { labs.isEmpty ? 1 : min(1, (Double(index) + progress.fraction) / Double(labs.count)) }

    /// "switch (1 of 3): threads, pinned to CPU 0".
    var phase: String {
        guard labs.indices.contains(index) else { return "done" }
        return "\(labs[index]) (\(index + 1) of \(labs.count)): \(progress.phase)"
    }
}

/// Several measurement labs with their standard settings, one after the
/// other on one background thread; stopped with nothing left running.
final class BatchRunning: RunningLab {
    private let job: BackgroundJob<[any Sendable]>
    private let step: Mailbox<(index: Int, done: [any Sendable])>
    private let current: Mailbox<LabProgress>
    private let cancel: CancellationFlag
    private let labs: [String]

    init(labs: [String], executable: ChildExecutable) throws {
        let step = Mailbox<(index: Int, done: [any Sendable])>((0, []))
        let current = Mailbox(LabProgress.starting)
        let cancel = CancellationFlag()
        self.step = step
        self.current = current
        self.cancel = cancel
        self.labs = labs
        job = try BackgroundJob.start(name: "claims-lab") {
            var done: [any Sendable] = []
            for (i, name) in labs.enumerated() {
                guard let lab = MeasurementLabs.lab(named: name) else { continue }
                current.post(.starting)
                step.post((i, done))
                done.append(try lab.runStandard(executable: executable, progress: current, cancel: cancel))
                step.post((i + 1, done))
            }
            return done
        }
    }

    func sample() -> [LabOutput] {
        switch job.result {
        case nil:
            let (index, done) = step.read()
            return [.progress(BatchProgress(labs: labs, index: index, progress: current.read(), done: done))]
        case .success(let reports)?: return [.finished(reports)]
        case .failure(let error)?: return [.failed(String(describing: error))]
        }
    }

    /// Raises the flag and waits: every thread joined, every child reaped.
    func stop() {
        cancel.cancel()
        _ = job.wait()
    }
}
