import Foundation
import Labs

/// Owns every running lab, through one interface: it starts them off the
/// UI thread, samples them each frame, passes controls on, and stops them.
/// The loop knows no lab by name.
///
/// Between a run and its screen sits a display clock: each output waits in
/// its run's queue, with its time since the run started, until the clock
/// reaches it. Live and unpaused the clock keeps up with the run; paused
/// (Space) it stands still while the lab runs on; slow (`s`) it runs at ¼;
/// `.` shows the next held output. With reduced motion only the latest
/// snapshot goes with the report (and, for a run that takes longer than a
/// second, at most one a second). With `recorder` every output and control
/// is saved as it comes; with `replay` each start is served from the
/// recording, played by the same clock.
///
/// Every child is killed and reaped by `stopAll` (on quit, on a signal, on
/// an error).
final class LabRunner {
    /// The binary started as the children (tests start a built ptt).
    var executable = ChildExecutable.current
    /// `--record FILE`: saves every run.
    var recorder: SessionRecorder?
    /// `--replay FILE`: the runs served instead of new ones.
    var replay: LabReplay?
    /// `--no-animation`.
    var reducedMotion = false
    /// Space.
    private(set) var paused = false
    /// `s`: the display clock at ¼.
    private(set) var slow = false
    /// Seconds, on a monotonic clock (tests drive their own).
    private let clock: () -> Double

    static let slowRate = 0.25
    /// With reduced motion, a run still going after this long shows its latest snapshot this often.
    static let reducedMotionInterval = 1.0

    private enum State {
        /// `make` still runs on its thread.
        case starting(BackgroundJob<any RunningLab>)
        case running(any RunningLab)
    }

    /// What a run has made and the screen has not seen yet.
    private struct Track {
        /// The clock when the run started.
        var started: Double
        /// The display clock: seconds into the run the screen has been shown.
        var display = 0.0
        /// When the display clock last moved on.
        var moved: Double

        init(started: Double) {
            self.started = started
            moved = started
        }
        var held: [(t: Double, output: LabOutput)] = []
        /// The run said its last (a report or a failure); the track ends once that is shown.
        var ended = false
        /// Served from a recording: the recorded controls' times.
        var replayControls: [Double]?
        /// Reduced motion: the latest snapshot not shown, and when one last was.
        var stash: LabOutput?
        var stashShown = -Double.infinity
        /// The last snapshot of each type, to leave out one that repeats it.
        var lastProgress: [String: JSONValue] = [:]
        /// Not a lab's run (the tour's): shown as it comes, whatever the keys.
        var passThrough = false
    }

    private var runs: [RunID: State] = [:]
    private var tracks: [RunID: Track] = [:]
    /// Controls that came while the run was still starting.
    private var pending: [RunID: [LabControl]] = [:]
    /// Failures to report at the next sample (a thread that could not start).
    private var failures: [(RunID, String)] = []
    /// Recorded runs already served, by index.
    private var served: Set<Int> = []
    init(clock: @escaping () -> Double = { Double(MonotonicClock.now()) / 1e9 }) {
        self.clock = clock
    }

    var isEmpty: Bool { runs.isEmpty && tracks.isEmpty }

    /// Whether some run has something to say soon (it is starting, it says
    /// it is busy, or outputs wait for the display clock): the loop ticks
    /// only then, so a lab that sits idle (the memory lab between reads)
    /// costs no CPU.
    var isBusy: Bool {
        let sources = runs.values.contains { state in
            switch state {
            case .starting: true
            case .running(let lab): lab.isBusy
            }
        }
        return sources
            || tracks.values.contains { (!$0.held.isEmpty && (!paused || $0.passThrough)) || $0.stash != nil }
    }

    /// What the status bar and the keys need to know.
    var status: PlaybackStatus {
        let now = clock()
        var status = PlaybackStatus(paused: paused, slow: slow)
        let shown = tracks.values.filter { !$0.passThrough }
        status.held = shown.reduce(0) { $0 + $1.held.count }
        status.behind =
            shown.map { track in
                guard track.replayControls == nil else { return 0 }
                let made = track.ended ? (track.held.last?.t ?? track.display) : now - track.started
                return max(0, made - track.display)
            }.max() ?? 0
        status.activeRuns = Set(tracks.filter { !$0.value.passThrough }.keys)
        status.replayLabel = replay?.label
        status.shortReplayLabel = replay?.recording.shortLabel
        return status
    }

    func start(_ run: RunID, _ start: LabStart) {
        stop(run)
        if let replay {
            serve(run, start.detail, from: replay)
            return
        }
        var track = Track(started: clock())
        track.passThrough = labs.entry(named: run.lab) == nil
        tracks[run] = track
        if !track.passThrough { recorder?.begin(run, detail: start.detail) }
        let executable = executable
        do {
            let job = try BackgroundJob.start(name: "start-\(run.lab)") { try start.make(executable) }
            runs[run] = .starting(job)
        } catch {
            failures.append((run, String(describing: error)))
        }
    }

    /// A start served from the recording: all its outputs wait for the display clock.
    private func serve(_ run: RunID, _ detail: String, from replay: LabReplay) {
        guard let index = replay.pick(detail, served: served) else {
            failures.append((run, "not in the recording: \(detail)"))
            return
        }
        if served.contains(index) {
            // Every run with this detail was served: from the first again.
            served.subtract(replay.runs.indices.filter { replay.runs[$0].detail == detail })
        }
        served.insert(index)
        let recorded = replay.runs[index]
        var track = Track(started: clock())
        track.held = recorded.outputs
        track.ended = true
        track.replayControls = recorded.controls
        if !recorded.outputs.contains(where: { if case .progress = $0.output { false } else { true } }) {
            let end = recorded.outputs.last?.t ?? 0
            track.held.append((end, .failed("the recorded run was stopped before it reported")))
        }
        tracks[run] = track
    }

    func control(_ run: RunID, _ control: LabControl) {
        if var track = tracks[run], let times = track.replayControls {
            // A replay: skip ahead to the next recorded control.
            if let next = times.first(where: { $0 > track.display }) { track.display = next }
            tracks[run] = track
            return
        }
        if let track = tracks[run] { recorder?.control(run, at: clock() - track.started, control) }
        switch runs[run] {
        case .running(let lab)?: lab.control(control)
        case .starting?: pending[run, default: []].append(control)
        case nil: break
        }
    }

    /// A playback key: pause or go on, slow or full speed, one step.
    func playback(_ key: PlaybackKey) -> [Msg] {
        advance()
        switch key {
        case .pause:
            paused.toggle()
            return []
        case .slow:
            slow.toggle()
            return []
        case .step:
            paused = true
            guard
                let run = tracks.filter({ !$0.value.held.isEmpty && !$0.value.passThrough })
                    .min(by: { $0.key.number < $1.key.number })?.key,
                var track = tracks[run]
            else { return [] }
            let next = track.held.removeFirst()
            track.display = max(track.display, next.t)
            tracks[run] = track
            return deliver(run, [next.output], filtered: false)
        }
    }

    func stop(_ run: RunID) {
        tracks[run] = nil
        guard let state = runs.removeValue(forKey: run) else { return }
        // Stopped before it reported: the run ends here.
        recorder?.write()
        pending[run] = nil
        switch state {
        case .running(let lab): lab.stop()
        case .starting(let job):
            // Set-up is short (a fork, a read of /proc); wait, then undo it.
            if case .success(let lab) = job.wait() { lab.stop() }
        }
    }

    /// Stops every run; with a recorder, writes the file a last time (at quit).
    func stopAll() {
        for run in Set(runs.keys).union(tracks.keys) { stop(run) }
        recorder?.write()
    }

    /// What every run has to say since the last frame, each tagged with its run.
    func sample() -> [Msg] {
        var messages = failures.map { Msg.lab($0.0, .failed($0.1)) }
        for (run, _) in failures { tracks[run] = nil }
        failures = []
        let now = clock()
        for (run, state) in runs.sorted(by: { $0.key.number < $1.key.number }) {
            var lab: any RunningLab
            switch state {
            case .running(let running): lab = running
            case .starting(let job):
                switch job.result {
                case nil: continue
                case .failure(let error)?:
                    runs[run] = nil
                    take(run, .failed(String(describing: error)), at: now)
                    continue
                case .success(let started)?:
                    lab = started
                    runs[run] = .running(started)
                    for control in pending.removeValue(forKey: run) ?? [] { started.control(control) }
                }
            }
            for output in lab.sample() {
                take(run, output, at: now)
                switch output {
                case .finished, .failed: runs[run] = nil
                case .progress: break
                }
            }
        }
        advance()
        for run in tracks.keys.sorted(by: { $0.number < $1.number }) {
            messages += due(run)
        }
        return messages
    }

    /// An output the run made: recorded, then held for the display clock.
    private func take(_ run: RunID, _ output: LabOutput, at now: Double) {
        guard var track = tracks[run] else { return }
        let t = max(now - track.started, track.held.last?.t ?? 0)
        var encoded: (tag: String, value: JSONValue)?
        switch output {
        case .progress(let value):
            if let e = payloads(run).encode(value) {
                // The same snapshot again is no event.
                if track.lastProgress[e.tag] == e.value { return }
                track.lastProgress[e.tag] = e.value
                encoded = e
            }
        case .finished(let value):
            encoded = payloads(run).encode(value)
            track.ended = true
        case .failed:
            track.ended = true
        }
        recorder?.record(run, at: t, output, encoded: encoded)
        track.held.append((t, output))
        tracks[run] = track
        if track.ended { recorder?.write() }
    }

    /// The labs there are, for the payload types of each run's lab.
    var labs = LabRegistry.standard
    private var payloadCache: [String: LabPayloads] = [:]

    /// The payload types of `run`'s lab (the recorder's when that lab lists none).
    private func payloads(_ run: RunID) -> LabPayloads {
        if let cached = payloadCache[run.lab] { return cached }
        var found = LabPayloads(labs.entry(named: run.lab)?.payloads ?? [])
        if found.types.isEmpty, let recorder { found = recorder.payloads }
        payloadCache[run.lab] = found
        return found
    }

    /// Moves every display clock on by the time since the last move, at the
    /// current rate (none while paused); a live run's clock never passes the run.
    private func advance() {
        let now = clock()
        for (run, var track) in tracks {
            let dt = max(0, now - track.moved)
            track.moved = now
            if track.passThrough {
                track.display = now - track.started
            } else if !paused {
                track.display += dt * (slow ? Self.slowRate : 1)
                if track.replayControls == nil { track.display = min(track.display, now - track.started) }
            }
            tracks[run] = track
        }
    }

    /// The outputs of `run` the display clock has reached.
    private func due(_ run: RunID) -> [Msg] {
        guard var track = tracks[run] else { return [] }
        var outputs: [LabOutput] = []
        while let first = track.held.first, first.t <= track.display {
            track.held.removeFirst()
            outputs.append(first.output)
        }
        tracks[run] = track
        return deliver(run, outputs)
    }

    /// Hands `outputs` to the screen, through the reduced-motion filter;
    /// a run whose end is shown is done.
    private func deliver(_ run: RunID, _ outputs: [LabOutput], filtered: Bool = true) -> [Msg] {
        guard var track = tracks[run] else { return [] }
        var messages: [Msg] = []
        var over = false
        for output in outputs {
            switch output {
            case .progress where reducedMotion && filtered && !track.passThrough:
                track.stash = output
            case .progress:
                messages.append(.lab(run, output))
            case .finished, .failed:
                if let stash = track.stash { messages.append(.lab(run, stash)) }
                track.stash = nil
                messages.append(.lab(run, output))
                over = true
            }
        }
        if let stash = track.stash, !over, track.display >= Self.reducedMotionInterval,
            track.display - track.stashShown >= Self.reducedMotionInterval
        {
            messages.append(.lab(run, stash))
            track.stash = nil
            track.stashShown = track.display
        }
        if over && track.held.isEmpty {
            tracks[run] = nil
        } else {
            tracks[run] = track
        }
        return messages
    }
}
