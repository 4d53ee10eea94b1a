import Curriculum
import Foundation
import Labs
import TerminalUI
import Testing

@testable import ptt

/// A switch report with the given pinned raw figures and a 0.5 µs syscall pair, made by hand.
func handMadeSwitchReport(thread: Double = 2.5, process: Double = 2.6, build: String = "release") -> SwitchReport {
    let environment = MeasurementEnvironment(
        cpus: 2, onlineCPUs: 2, virtualMachine: true, virtualMachineEvidence: "test", build: build, kernel: "6.1",
        arch: "x86_64")
    func measurement(_ partner: SwitchPartner, _ raw: Double) -> SwitchMeasurement {
        SwitchMeasurement(
            partner: partner, pinRequested: true, pinned: true, cpu: 0, rawSwitchMicros: SampleStats(micros: [raw]),
            syscallPairMicros: SampleStats(micros: [0.5]),
            roundTripMicros: SampleStats(micros: [2 * raw, 2 * raw + 1, 4 * raw]), counted: [], timedRounds: 3)
    }
    return SwitchReport(
        config: .quick, measurements: [measurement(.thread, thread), measurement(.process, process)],
        environment: environment)
}

@Suite("Measurement screens and the article's claims")
struct MeasurementScreenTests {
    /// The model with the switch lab open and its predictions skipped: the run has started.
    func switchModel() throws -> (AppModel, [Effect]) {
        var m = model(try fixtureLibrary(), size: Size(width: 80, height: 24))
        var effects = m.openLab("switch")
        for _ in Predictions.for(lab: "switch") { effects = update(&m, .key(.character("s"))) }
        return (m, effects)
    }

    @Test("a finished switch run shows its figures and its claims, and asks for a save")
    func switchFinished() throws {
        var (m, effects) = try switchModel()
        #expect(started(effects).count == 1)
        let report = handMadeSwitchReport()
        let after = m.labSays(.finished(report))
        #expect(after.contains(.saveProgress))
        #expect(m.measurements.switchReport == report)
        let record = try #require(m.progress.measurements["switch"])
        #expect(record.lab == "switch")
        #expect(record.machine.contains("2 CPUs"))
        let screen = view(m).text
        #expect(screen.contains("The article says / this machine"))
        #expect(screen.contains("Process context switch"))
        #expect(screen.contains("p50"))
    }

    @Test("the claims screen lists every claim, not measured, before any run")
    func claimsEmpty() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 200, height: 60))
        _ = m.openLab("claims")
        #expect(m.screenName == "lab claims")
        let screen = view(m).text
        for claim in ArticleClaims.all { #expect(screen.contains(claim.says), "\(claim.id)") }
        #expect(screen.contains("not measured yet"))
        #expect(screen.contains("m measures: switch, spawn, scaling"))
    }

    @Test("the claims table renders a hand-made report: value, date and verdict")
    func claimsTable() throws {
        var m = model(try fixtureLibrary(), size: Size(width: 120, height: 40))
        m.clock = { Date(timeIntervalSince1970: 1_800_000_000) }
        _ = m.openLab("claims")
        let effects = update(&m, .key(.character("r")))
        #expect(started(effects) == ["claims switch,spawn,scaling"])
        let report = handMadeSwitchReport()
        // The batch sends each lab's report on its own once that lab is done, then where it is.
        #expect(m.labSays(.progress(report)).contains(.saveProgress))
        #expect(m.measurements.switchReport == report)
        let progress = BatchProgress(
            labs: ["switch", "spawn", "scaling"], index: 1, progress: LabProgress(phase: "forks", fraction: 0.5))
        #expect(m.labSays(.progress(progress)).isEmpty)
        let running = view(m).text
        #expect(running.contains("spawn (2 of 3): forks"))
        let stop = update(&m, .key(.character("c")))
        #expect(stops(stop) == 1)
        let screen = view(m).text
        #expect(screen.contains("2.00 µs per switch, net"))
        #expect(screen.contains(ClaimsScreen.dateText(m.clock())))
        #expect(screen.contains("does not hold"))
        #expect(screen.contains("holds"))
        #expect(m.progress.measurements["switch"] != nil)
        #expect(m.progress.measurements["spawn"] == nil)
    }

    @Test("Enter opens the lab that measures the selected claim")
    func claimsOpensLab() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("claims")
        let index = try #require(ArticleClaims.all.firstIndex { $0.lab == "spawn" })
        for _ in 0..<index { _ = update(&m, .key(.down)) }
        _ = update(&m, .key(.enter))
        #expect(m.screenName == "lab spawn")
    }

    @Test("a measurement survives a restart: saved to the file, loaded into the claims")
    func restart() throws {
        var (m, _) = try switchModel()
        let report = handMadeSwitchReport(thread: 1.5, process: 3.5)
        _ = m.labSays(.finished(report))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-claims-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ProgressStore(path: folder + "/progress.json")
        _ = try store.save(m.progress)
        var fresh = model(try fixtureLibrary())
        fresh.adoptProgress(store.load(now: Date()).progress)
        #expect(fresh.measurements.switchReport == report)
        #expect(fresh.notice == nil)
        _ = fresh.openLab("claims")
        #expect(view(fresh).text.contains("1.00 µs per switch, net"))
    }

    @Test("a kept record that does not decode is left out with a notice")
    func unreadableRecord() throws {
        var progress = LearnerProgress()
        progress.recordMeasurement(MeasurementRecord(lab: "switch", at: Date(), machine: "x", report: "{\"lab\":1}"))
        var m = model(try fixtureLibrary())
        m.adoptProgress(progress)
        #expect(m.measurements.switchReport == nil)
        #expect(m.notice?.contains("switch") == true)
    }

    @Test("m measures only what is missing: after a switch run, spawn and scaling")
    func measureMissing() throws {
        var (m, _) = try switchModel()
        _ = m.labSays(.finished(handMadeSwitchReport(build: "release")))
        let machine = try #require(m.progress.measurements["switch"]?.machine)
        _ = navigate(&m, [.push(ClaimsScreen(machine: machine))])
        #expect(started(update(&m, .key(.character("m")))) == ["claims spawn,scaling"])
    }

    @Test("a measurement from another machine or build is stale, and m takes it again")
    func staleMeasurement() throws {
        var (m, _) = try switchModel()
        _ = m.labSays(.finished(handMadeSwitchReport()))
        _ = navigate(&m, [.push(ClaimsScreen(machine: "another machine"))])
        #expect(view(m).text.contains("stale: another machine or build"))
        #expect(started(update(&m, .key(.character("m")))) == ["claims switch,spawn,scaling"])
    }

    @Test("the scaling chart fits its width, marks the CPU count and has a tick per speed-up", arguments: [76, 110])
    func scalingChart(width: Int) throws {
        let points = (1...4).map { w in
            ScalingPoint(
                workers: w, threadsSeconds: 1 / Double(min(w, 2)), processesSeconds: 1.1 / Double(min(w, 2)),
                threadsSpeedup: Double(min(w, 2)), processesSpeedup: Double(min(w, 2)) * 0.9)
        }
        let lines = ScalingChart.lines("CPU-bound", points, cpus: 2, width: width)
        let texts = lines.map { $0.map(\.text).joined() }
        for text in texts { #expect(text.count <= width - 2, "\(text.count): \(text)") }
        #expect(texts.filter { $0.contains("threads") }.count == 4)
        #expect(texts.contains { $0.contains("2 CPUs: more workers share them") })
        #expect(texts.contains { $0.contains("┊") && $0.contains("the most 2 CPUs can give") })
        let axis = try #require(texts.first { $0.contains("workers") })
        #expect(axis.contains("0×") && axis.contains("1×") && axis.contains("2×"))
    }
}
