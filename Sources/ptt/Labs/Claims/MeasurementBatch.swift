import Labs

/// Several measurement labs with their standard settings, one after the
/// other on one background thread; stopped with nothing left running. Each
/// sample says where the batch is (`BatchProgress`); each lab's report is
/// sent once, as a `.progress` of its own, as soon as that lab is done; the
/// end is `.finished(MeasuredReports)` with every report.
final class BatchRunning: RunningLab {
    private let job: BackgroundJob<[any Sendable]>
    private let step: Mailbox<(index: Int, done: [any Sendable])>
    private let current: Mailbox<LabProgress>
    private let cancel: CancellationFlag
    private let labs: [String]
    /// How many reports have been sent already.
    private let sent = Mailbox(0)

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
        let result = job.result
        let (index, done) = step.read()
        var reports = done
        if case .success(let all)? = result { reports = all }
        let new = sent.update { count -> [any Sendable] in
            defer { count = max(count, reports.count) }
            return count < reports.count ? Array(reports[count...]) : []
        }
        var outputs = new.map { LabOutput.progress($0) }
        switch result {
        case nil:
            outputs.append(.progress(BatchProgress(labs: labs, index: index, progress: current.read())))
        case .success(let all)?:
            var measured = MeasuredReports()
            for report in all {
                for lab in MeasurementLabs.all { measured.merge(lab.measured(any: report)) }
            }
            outputs.append(.finished(measured))
        case .failure(let error)?:
            outputs.append(.failed(String(describing: error)))
        }
        return outputs
    }

    /// Raises the flag and waits: every thread joined, every child reaped.
    func stop() {
        cancel.cancel()
        _ = job.wait()
    }
}
