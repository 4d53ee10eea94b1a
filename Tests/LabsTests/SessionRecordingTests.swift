import Foundation
import Testing

@testable import Labs

@Suite("Lab session recordings (format version 2)")
struct SessionRecordingTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "ptt-rec-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
        ).path
    }

    let machine = MachineInfo(
        hostname: "h", cpuModel: "c", cpuCount: 1, kernel: "Linux", kernelRelease: "6", architecture: "x86_64")

    func sample() throws -> LabSessionRecording {
        let snap = DeadlockSnapshot(phase: .deadlocked, cycle: ["T1", "T2"], elapsedMs: 9.25, childPid: 42)
        let report = OrderedRun(iterationsPerThread: 1, counter: Int.max - 1, expected: 2, milliseconds: 0.5)
        return LabSessionRecording(
            lab: "deadlock", date: Date(timeIntervalSince1970: 1_764_620_100), machine: machine,
            runs: [
                RecordedRun(
                    detail: "Options()",
                    events: [
                        RecordedOutput(
                            tSeconds: 0.1, kind: .progress, tag: "DeadlockSnapshot", value: try .encoding(snap)),
                        RecordedOutput(tSeconds: 0.5, kind: .finished, tag: "OrderedRun", value: try .encoding(report)),
                    ],
                    controls: [RecordedControl(tSeconds: 0.2, control: "proceed")]),
                RecordedRun(detail: "again", events: [RecordedOutput(tSeconds: 0, kind: .failed, message: "no")]),
            ])
    }

    @Test("a recording round-trips through its file, payloads exactly, and says where and when it ran")
    func roundTrip() throws {
        let recording = try sample()
        let path = temporaryPath("run.json")
        defer { unlink(path) }
        try recording.write(to: path)
        let read = try LabSessionRecording.read(from: path, lab: "deadlock", tags: ["DeadlockSnapshot", "OrderedRun"])
        #expect(read == recording)
        let snap = try #require(read.runs[0].events[0].value).decode(as: DeadlockSnapshot.self)
        #expect(snap == DeadlockSnapshot(phase: .deadlocked, cycle: ["T1", "T2"], elapsedMs: 9.25, childPid: 42))
        let report = try #require(read.runs[0].events[1].value).decode(as: OrderedRun.self)
        #expect(report.counter == Int.max - 1)
        #expect(read.label == "replay of a run recorded on 2025-12-01 20:15 UTC on h (c, 1 CPU, Linux 6)")
        #expect(read.shortLabel == "replay of a run recorded on 2025-12-01 20:15 UTC on h")
        #expect(read.finalReport?.tag == "OrderedRun")
        #expect(MachineInfo.current().kernel == "Linux")
        // Written atomically: nothing is left beside the file.
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(name) } == [name])
    }

    @Test("a write that fails throws, naming the file, and leaves no temporary file")
    func failedWrite() throws {
        let dir = temporaryPath("dir")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A directory where the file should go: the rename fails.
        let path = dir + "/run.json"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        #expect {
            try sample().write(to: path)
        } throws: { error in
            (error as? LabRecordingError)?.description.hasPrefix("\(path): cannot be written: rename(2): ") ?? false
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.json"])
        #expect(throws: LabRecordingError.self) { try sample().write(to: dir + "/missing/run.json") }
    }

    @Test("broken, other-lab, older and newer recordings give errors naming the file")
    func brokenFiles() throws {
        let missing = temporaryPath("missing.json")
        #expect(throws: LabRecordingError(file: missing, problem: "does not exist")) {
            try LabSessionRecording.read(from: missing)
        }
        func decode(_ text: String, lab: String? = nil, tags: Set<String>? = nil) -> String {
            do {
                _ = try LabSessionRecording.decode(Data(text.utf8), file: "r.json", lab: lab, tags: tags)
                return "ok"
            } catch {
                return error.description
            }
        }
        let text = String(decoding: try JSONValue.data(of: try sample()), as: UTF8.self)
        #expect(decode(text, lab: "deadlock", tags: ["DeadlockSnapshot", "OrderedRun"]) == "ok")
        #expect(decode("{nope") == "r.json: is not a ptt recording (not JSON)")
        #expect(decode("{}") == "r.json: is not a ptt recording (no \"format\": \"ptt-lab-recording\")")
        #expect(decode(text, lab: "race") == "r.json: is a recording of lab 'deadlock', not 'race'")
        #expect(
            decode(text.replacingOccurrences(of: "\"version\":2", with: "\"version\":9"))
                == "r.json: was written by a newer ptt (version 9; this one reads 2)")
        #expect(
            decode(text.replacingOccurrences(of: "\"version\":2", with: "\"version\":1"))
                == "r.json: is a version 1 recording; this ptt reads version 2: record it again")
        #expect(
            decode(text, tags: ["DeadlockSnapshot"])
                == "r.json: run 0 event 1 has tag 'OrderedRun', which the deadlock lab does not send (known: DeadlockSnapshot)"
        )
        #expect(
            decode(text.replacingOccurrences(of: "\"tSeconds\":0.5", with: "\"tSeconds\":0.05"))
                == "r.json: run 0 event 1 is out of time order (tSeconds 0.05)")
        #expect(
            decode(text.replacingOccurrences(of: "\"detail\":\"again\"", with: "\"detail\":7"))
                == "r.json: does not match the recording format: wrong type at runs[1].detail")
    }

    @Test("JSON values keep integers, doubles, strings, nulls and nesting as they were")
    func jsonValues() throws {
        struct Mixed: Codable, Equatable {
            var big: UInt64 = .max
            var negative: Int64 = .min
            var fraction = 0.1
            var whole = 2.0
            var flag = true
            var name = "a/b \"q\" ü"
            var none: Int? = nil
            var list = [[1, 2], [3]]
        }
        let value = try JSONValue.encoding(Mixed())
        #expect(try value.decode(as: Mixed.self) == Mixed())
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONValue.data(of: value))
        #expect(again == value)
    }
}
