/// Where a batch of measurement labs run in a row is (the claims lab): which
/// lab runs now and its own progress. Each lab's report is sent on its own
/// as soon as that lab is done, so a cancel loses only the lab that was running.
public struct BatchProgress: Codable, Sendable, Equatable {
    /// The labs of the batch, in order.
    public var labs: [String]
    /// The one running now (`labs.count` once all are done).
    public var index: Int
    public var progress: LabProgress

    public init(labs: [String], index: Int, progress: LabProgress) {
        self.labs = labs
        self.index = index
        self.progress = progress
    }

    /// 0…1 over the whole batch.
    public var fraction: Double {
        labs.isEmpty ? 1 : min(1, (Double(index) + progress.fraction) / Double(labs.count))
    }

    /// "switch (1 of 3): threads, pinned to CPU 0".
    public var phase: String {
        guard labs.indices.contains(index) else { return "done" }
        return "\(labs[index]) (\(index + 1) of \(labs.count)): \(progress.phase)"
    }
}
