import Foundation

/// One measurement lab's latest result, kept in `progress.json` so the
/// article's claims can be judged against it after a restart.
///
/// Curriculum knows no labs: the report is the lab's own JSON, kept as a
/// string, and the app decodes it. A record is replaced when its lab runs again.
///
///     progress.recordMeasurement(MeasurementRecord(lab: "switch", at: now, machine: "2 CPUs · VM", report: json))
public struct MeasurementRecord: Sendable, Codable, Equatable {
    /// The longest report kept (a scaling report with Python is ~6 KiB).
    public static let reportLimit = 64 * 1024
    /// The most records a file keeps (the newest): there are three measurement labs.
    public static let countLimit = 16
    /// The longest lab name or machine summary kept.
    public static let textLimit = 512

    /// `switch`, `spawn` or `scaling`.
    public var lab: String
    /// When it finished.
    public var at: Date
    /// The machine it ran on, in one line ("2 CPUs · a virtual machine · release build").
    public var machine: String
    /// The lab's report, as JSON.
    public var report: String

    public init(lab: String, at: Date, machine: String, report: String) {
        self.lab = lab
        self.at = at
        self.machine = machine
        self.report = report
    }

    enum CodingKeys: String, CodingKey { case lab, at, machine, report }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lab = try c.decode(String.self, forKey: .lab)
        at = try c.decode(Date.self, forKey: .at)
        machine = try c.decodeIfPresent(String.self, forKey: .machine) ?? ""
        report = try c.decode(String.self, forKey: .report)
        try ProgressLimits.check(at, "at")
        try Self.checkSize(lab, Self.textLimit, "lab")
        try Self.checkSize(machine, Self.textLimit, "machine")
        try Self.checkSize(report, Self.reportLimit, "report")
    }

    static func checkSize(_ text: String, _ limit: Int, _ name: String) throws {
        guard text.utf8.count <= limit else {
            throw ProgressLimits.Problem("\(name) is \(text.utf8.count) bytes, more than \(limit)")
        }
    }
}

extension LearnerProgress {
    /// Keeps `record` as its lab's latest measurement, replacing an earlier one.
    public mutating func recordMeasurement(_ record: MeasurementRecord) {
        measurements[record.lab] = record
    }
}
