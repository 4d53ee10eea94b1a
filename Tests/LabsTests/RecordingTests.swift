import Foundation
import Testing

@testable import Labs

@Suite("Lab recordings and the seeded generator")
struct RecordingTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptt-rec-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
        ).path
    }

    @Test("a recorder keeps each changed snapshot with its time, and the file round-trips")
    func roundTrip() throws {
        let box = Mailbox(DeadlockSnapshot(phase: .starting))
        let recorder = LabRecorder(lab: "deadlock", mailbox: box)
        recorder.sample()
        recorder.sample()  // unchanged: not kept again
        box.post(DeadlockSnapshot(phase: .takingLocks, elapsedMs: 3))
        recorder.sample()
        box.post(DeadlockSnapshot(phase: .deadlocked, cycle: ["T1", "T2"], elapsedMs: 9))
        let report = OrderedRun(iterationsPerThread: 1, counter: 2, expected: 2, milliseconds: 0.5)
        let recording = recorder.finish(report: report)
        #expect(recording.events.map(\.snapshot.phase) == [.starting, .takingLocks, .deadlocked])
        #expect(zip(recording.events, recording.events.dropFirst()).allSatisfy { $0.tSeconds <= $1.tSeconds })
        #expect(recording.machine.cpuCount >= 1 && !recording.machine.hostname.isEmpty)
        #expect(recording.machine.kernel == "Linux")

        let path = temporaryPath("run.json")
        defer { unlink(path) }
        try recording.write(to: path)
        let read = try LabRecording<DeadlockSnapshot, OrderedRun>.read(from: path, lab: "deadlock")
        #expect(read.events == recording.events)
        #expect(read.report == report)
        #expect(abs(read.date.timeIntervalSince(recording.date)) < 1)
        #expect(read.machine == recording.machine)
        #expect(read.label.hasPrefix("replay of a run recorded on "))
        #expect(read.label.contains(" UTC on \(recording.machine.hostname) ("))
        #expect(read.snapshot(at: -1)?.phase == .starting)
        #expect(read.snapshot(at: read.duration)?.phase == .deadlocked)
    }

    @Test("a sampling thread records while the lab posts, and stops on finish")
    func samplingThread() throws {
        let box = Mailbox(0)
        let recorder = LabRecorder(lab: "count", mailbox: box)
        try recorder.startSampling(every: 0.001)
        for i in 1...20 {
            box.post(i)
            MonotonicClock.sleep(nanoseconds: 3_000_000)
        }
        let recording: LabRecording<Int, Int> = recorder.finish(report: 20)
        #expect(recording.events.last?.snapshot == 20)
        #expect(recording.events.count >= 3)
        #expect(recording.events.map(\.snapshot) == recording.events.map(\.snapshot).sorted())
    }

    @Test("broken recordings give errors naming the file")
    func brokenFiles() throws {
        typealias Recording = LabRecording<Int, Int>
        let missing = temporaryPath("missing.json")
        #expect(throws: LabRecordingError(file: missing, problem: "does not exist")) {
            try Recording.read(from: missing)
        }
        func decode(_ text: String, lab: String? = nil) -> String {
            let result = Result { () throws(LabRecordingError) -> Recording in
                try Recording.decode(Data(text.utf8), file: "r.json", lab: lab)
            }
            switch result {
            case .success: return "ok"
            case .failure(let error): return error.description
            }
        }
        let good = Recording(
            lab: "race", date: Date(timeIntervalSince1970: 0),
            machine: MachineInfo(
                hostname: "h", cpuModel: "c", cpuCount: 1, kernel: "Linux", kernelRelease: "6", architecture: "x86_64"),
            events: [RecordedEvent(tSeconds: 0, snapshot: 1), RecordedEvent(tSeconds: 1, snapshot: 2)], report: 3)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(good), as: UTF8.self)
        #expect(decode(text) == "ok")
        #expect(decode("{nope") == "r.json: is not a ptt recording (not JSON)")
        #expect(decode("{}") == "r.json: is not a ptt recording (no \"format\": \"ptt-lab-recording\")")
        #expect(decode(text, lab: "deadlock") == "r.json: is a recording of lab 'race', not 'deadlock'")
        #expect(
            decode(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":9"))
                == "r.json: was written by a newer ptt (version 9)")
        #expect(
            decode(text.replacingOccurrences(of: "\"snapshot\":2", with: "\"snapshot\":\"two\""))
                == "r.json: does not match this ptt's race format: wrong type at events[1].snapshot")
        #expect(
            decode(text.replacingOccurrences(of: "\"tSeconds\":1", with: "\"tSeconds\":-1"))
                == "r.json: event 1 is out of time order (tSeconds -1.0)")
    }
}
