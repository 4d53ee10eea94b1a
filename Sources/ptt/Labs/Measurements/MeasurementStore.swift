import Curriculum
import Foundation
import Labs

/// The measurement labs whose results are kept in the progress file and
/// judged against the article's claims, in the order the claims meet them.
enum MeasurementLabs {
    static let all: [any MeasurementLab.Type] = [SwitchLabEntry.self, SpawnLabEntry.self, ScalingLabEntry.self]

    static func lab(named name: String) -> (any MeasurementLab.Type)? { all.first { $0.name == name } }
}

extension MeasurementLab {
    /// The report as the record the progress file keeps (its JSON, dated, with the machine).
    static func record(_ report: Report, at date: Date) -> MeasurementRecord? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return nil }
        return MeasurementRecord(
            lab: name, at: date, machine: environmentLine(environment(report)),
            report: String(decoding: data, as: UTF8.self))
    }

    /// The report a record holds, or nil when it is not this lab's report (an older ptt's, or edited by hand).
    static func decode(_ record: MeasurementRecord) -> MeasuredReports? {
        guard record.lab == name, let report = try? JSONDecoder().decode(Report.self, from: Data(record.report.utf8))
        else { return nil }
        return measured(report)
    }
}

extension AppModel {
    /// Keeps a finished measurement in this session's reports and in the
    /// progress file (replacing the lab's earlier one), dated.
    mutating func keepMeasurement<Lab: MeasurementLab>(_ lab: Lab.Type, _ report: Lab.Report) {
        let now = clock()
        measurements.merge(Lab.measured(report))
        if let record = Lab.record(report, at: now) { progress.recordMeasurement(record) }
    }

    /// When lab `name`'s measurement was taken, if one is kept.
    func measuredDate(_ name: String) -> Date? { progress.measurements[name]?.at }

    /// Reads the measurements kept in the progress file into `measurements`;
    /// a record that does not decode is left out, with a notice.
    mutating func loadMeasurements() {
        var unreadable: [String] = []
        for (name, record) in progress.measurements.sorted(by: { $0.key < $1.key }) {
            guard let lab = MeasurementLabs.lab(named: name), let reports = lab.decode(record) else {
                unreadable.append(name)
                continue
            }
            measurements.merge(reports)
        }
        if !unreadable.isEmpty {
            let names = unreadable.map { $0.visibleControlCharacters }.joined(separator: ", ")
            notice = "a kept measurement could not be read (\(names)): run it again"
        }
    }
}

extension MeasurementLab {
    /// Runs the lab with its standard settings (for a batch of labs run in a row).
    static func runStandard(
        executable: ChildExecutable, progress: Mailbox<Labs.LabProgress>, cancel: CancellationFlag
    ) throws -> any Sendable {
        try run(standardConfig, executable: executable, progress: progress, cancel: cancel)
    }

    /// Whether `report` is this lab's.
    static func owns(_ report: any Sendable) -> Bool { report is Report }

    /// Keeps `report` when it is this lab's (recorded as a run, kept in the progress file); false otherwise.
    static func keep(_ report: any Sendable, _ app: inout AppModel) -> Bool {
        guard let report = report as? Report else { return false }
        app.progress.recordLab(name, at: app.clock())
        app.keepMeasurement(Self.self, report)
        return true
    }
}

extension MeasurementLab {
    /// `measured(_:)` for a report of unknown type: empty when it is not this lab's.
    static func measured(any report: any Sendable) -> MeasuredReports {
        (report as? Report).map(measured) ?? MeasuredReports()
    }
}
