import Curriculum
import Foundation
import Labs
import Synchronization

/// One moment of a recorded game: the scenario played and the order
/// (threads numbered from 1) that led to the state on screen.
struct InterleaveMoment: Codable, Sendable, Equatable {
    var scenario: String
    var order: [Int]
}

/// How a recorded game ended: the order on screen at the end, its scenario
/// and what it came to (the `--order --json` figures), and the seed when
/// a random schedule was played.
struct InterleaveOutcome: Codable, Sendable, Equatable {
    var scenario: String
    var order: [Int]
    var steps: Int
    var values: [String: Int]
    var goalReached: Bool
    var finished: Bool
    var lostUpdates: Int?
    var seed: UInt64?

    init(scenario: Scenario, order: [Int], seed: UInt64?) {
        self.scenario = scenario.id
        self.order = order
        self.seed = seed
        let replay = scenario.machine.outcome(of: order.map { $0 - 1 })
        let state = replay?.state ?? scenario.machine.initialState
        steps = replay?.steps ?? 0
        values = Dictionary(uniqueKeysWithValues: zip(scenario.program.variables, state.values).map { ($0, $1) })
        goalReached = replay?.goalReached ?? scenario.machine.goalHolds(in: state)
        finished = replay?.finished ?? scenario.machine.allFinished(state)
        lostUpdates = replay?.lostUpdates
    }
}

/// A recorded scheduler game (`ptt demo interleave --record FILE`).
typealias InterleaveRecording = LabRecording<InterleaveMoment, InterleaveOutcome>

/// Keeps what the learner plays while `--record FILE` is on: the screen
/// tells it each change of the order (in memory, no I/O), and the command
/// writes the file when ptt ends.
final class InterleaveRecorder: Sendable {
    let path: String
    let date: Date
    private let state = Mutex<(events: [RecordedEvent<InterleaveMoment>], scenario: Scenario?, seed: UInt64?)>(
        ([], nil, nil))

    init(path: String, date: Date = Date()) {
        self.path = path
        self.date = date
    }

    /// Notes the game's order at `now` if it changed; `seed` is the random
    /// schedule's when one is being played.
    func note(_ game: SchedulerGame?, seed: UInt64? = nil, at now: Date) {
        guard let game else { return }
        let moment = InterleaveMoment(scenario: game.scenario.id, order: game.order.map { $0 + 1 })
        let t = max(0, now.timeIntervalSince(date))
        state.withLock { s in
            if s.events.last?.snapshot != moment {
                s.seed = seed
                s.events.append(RecordedEvent(tSeconds: max(t, s.events.last?.tSeconds ?? 0), snapshot: moment))
            }
            s.scenario = game.scenario
        }
    }

    /// What was played so far, as a recording (nil report when nothing was played).
    func recording(machine: MachineInfo = .current()) -> InterleaveRecording {
        let (events, scenario, seed) = state.withLock { ($0.events, $0.scenario, $0.seed) }
        let report = scenario.map {
            InterleaveOutcome(scenario: $0, order: events.last?.snapshot.order ?? [], seed: seed)
        }
        return InterleaveRecording(lab: "interleave", date: date, machine: machine, events: events, report: report)
    }

    func write() throws(LabRecordingError) { try recording().write(to: path) }
}
