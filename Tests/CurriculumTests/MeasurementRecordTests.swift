import Foundation
import Testing

@testable import Curriculum

@Suite("Measurement records in the progress file")
struct MeasurementRecordTests {
    func record(_ lab: String, at seconds: Double, report: String = "{}") -> MeasurementRecord {
        MeasurementRecord(lab: lab, at: Date(timeIntervalSince1970: seconds), machine: "2 CPUs", report: report)
    }

    func roundTrip(_ progress: LearnerProgress) throws -> LearnerProgress {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(LearnerProgress.self, from: try encoder.encode(progress))
    }

    @Test("a record is kept, replaced by the next run of its lab, and survives encoding")
    func keepReplace() throws {
        var p = LearnerProgress()
        p.recordMeasurement(record("switch", at: 1000, report: "{\"a\":1}"))
        p.recordMeasurement(record("switch", at: 2000, report: "{\"a\":2}"))
        p.recordMeasurement(record("spawn", at: 1500))
        #expect(p.measurements.count == 2)
        #expect(p.measurements["switch"]?.report == "{\"a\":2}")
        #expect(try roundTrip(p) == p)
    }

    @Test("merge: this process's new measurement wins, a newer one on disk is kept, others survive")
    func merge() {
        var base = LearnerProgress()
        base.recordMeasurement(record("switch", at: 1000))
        var disk = base
        disk.recordMeasurement(record("scaling", at: 3000))
        var mine = base
        mine.recordMeasurement(record("switch", at: 2000))
        var merged = LearnerProgress.merge(disk: disk, mine: mine, base: base)
        #expect(merged.measurements["switch"]?.at == Date(timeIntervalSince1970: 2000))
        #expect(merged.measurements["scaling"] != nil)
        disk.recordMeasurement(record("switch", at: 5000))
        merged = LearnerProgress.merge(disk: disk, mine: mine, base: base)
        #expect(merged.measurements["switch"]?.at == Date(timeIntervalSince1970: 5000))
    }

    @Test("validation: an oversized report or a record filed under another name is set aside, not the file")
    func validation() throws {
        var p = LearnerProgress()
        p.recordMeasurement(record("spawn", at: 1000))
        p.measurements["switch"] = record(
            "switch", at: 1000, report: String(repeating: "x", count: MeasurementRecord.reportLimit + 1))
        p.measurements["scaling"] = record("spawn", at: 1000)
        let back = try roundTrip(p)
        #expect(back.measurements.keys.sorted() == ["spawn"])
    }

    @Test("a file with more records than the limit keeps the newest")
    func countLimit() throws {
        var p = LearnerProgress()
        for i in 0..<(MeasurementRecord.countLimit + 5) { p.recordMeasurement(record("lab\(i)", at: Double(1000 + i))) }
        let back = try roundTrip(p)
        #expect(back.measurements.count == MeasurementRecord.countLimit)
        #expect(back.measurements["lab\(MeasurementRecord.countLimit + 4)"] != nil)
        #expect(back.measurements["lab0"] == nil)
    }
}
