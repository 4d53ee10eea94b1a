import Foundation

/// How far a learner got with one scheduler scenario, kept in the progress file.
public struct ScenarioProgress: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable, Equatable {
        /// Reached the goal by stepping the threads.
        case done
        /// Asked to be shown an order (`w`): seen, not solved.
        case shown
    }

    /// `done` wins over `shown`: solving after being shown counts.
    public var status: Status?
    /// Fewest steps the learner needed to reach the goal.
    public var bestSteps: Int?
    /// The explorer's shortest, for the score.
    public var shortest: Int?
    /// Most hints shown in a try.
    public var hintsUsed = 0
    public var solvedAt: Date?

    public init() {}

    enum CodingKeys: String, CodingKey { case status, bestSteps, shortest, hintsUsed, solvedAt }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // An unknown status (from a newer ptt) reads as none rather than damaging the file.
        status = (try? c.decodeIfPresent(Status.self, forKey: .status)) ?? nil
        bestSteps = try c.decodeIfPresent(Int.self, forKey: .bestSteps)
        shortest = try c.decodeIfPresent(Int.self, forKey: .shortest)
        hintsUsed = try c.decodeIfPresent(Int.self, forKey: .hintsUsed) ?? 0
        solvedAt = try c.decodeIfPresent(Date.self, forKey: .solvedAt)
    }
}

extension LearnerProgress {
    /// Records a solved scenario: `steps` the learner used, `shortest` the explorer's.
    public mutating func recordSolved(
        scenario id: String, steps: Int, shortest: Int, hintsUsed: Int, at date: Date
    ) {
        var progress = scenarios[id] ?? ScenarioProgress()
        progress.status = .done
        progress.bestSteps = min(progress.bestSteps ?? steps, steps)
        progress.shortest = shortest
        progress.hintsUsed = max(progress.hintsUsed, hintsUsed)
        progress.solvedAt = progress.solvedAt ?? date
        scenarios[id] = progress
    }

    /// Records that the learner asked to be shown an order; a solved scenario stays solved.
    public mutating func recordShown(scenario id: String) {
        var progress = scenarios[id] ?? ScenarioProgress()
        if progress.status != .done { progress.status = .shown }
        scenarios[id] = progress
    }
}
