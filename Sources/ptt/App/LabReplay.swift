import Foundation
import Labs

/// A recording read back for `--replay FILE`, its payloads decoded through
/// the lab's own types: each run's outputs with their times, ready to be
/// served to the screen's starts in order.
struct LabReplay: Sendable {
    struct Run: Sendable {
        var detail: String
        var outputs: [(t: Double, output: LabOutput)]
        var controls: [Double]
    }

    var file: String
    var recording: LabSessionRecording
    var runs: [Run]

    /// "replay of a run recorded on DATE on MACHINE".
    var label: String { recording.label }

    /// Reads `file` and checks it is a recording of lab `lab` whose every
    /// payload decodes as one of `payloads`: errors name the file.
    static func load(_ file: String, lab: String, payloads: LabPayloads) throws(LabRecordingError) -> LabReplay {
        let recording = try LabSessionRecording.read(from: file, lab: lab, tags: payloads.tags)
        var runs: [Run] = []
        for (r, run) in recording.runs.enumerated() {
            var outputs: [(t: Double, output: LabOutput)] = []
            for (e, event) in run.events.enumerated() where event.tag != LabSessionRecording.jsonReportTag {
                do {
                    outputs.append((event.tSeconds, try payloads.output(of: event)))
                } catch {
                    throw LabRecordingError(
                        file: file, problem: "run \(r) event \(e) does not decode as \(event.tag ?? "?"): \(error)")
                }
            }
            runs.append(Run(detail: run.detail, outputs: outputs, controls: run.controls.map(\.tSeconds)))
        }
        return LabReplay(file: file, recording: recording, runs: runs)
    }

    /// Which recorded run serves a start with `detail`: the first one with
    /// that detail not served yet (after the last, the first again); nil
    /// when the recording has none.
    func pick(_ detail: String, served: Set<Int>) -> Int? {
        let matching = runs.indices.filter { runs[$0].detail == detail }
        return matching.first { !served.contains($0) } ?? matching.first
    }
}
