/// The reports of the three measurement labs that a claims table or a
/// prediction is judged against; any of them may be missing (not run yet).
/// It is also what a batch of them (the claims lab) reports at its end.
public struct MeasuredReports: Codable, Sendable, Equatable {
    public var switchReport: SwitchReport?
    public var spawn: SpawnReport?
    public var scaling: ScalingReport?

    public init(switchReport: SwitchReport? = nil, spawn: SpawnReport? = nil, scaling: ScalingReport? = nil) {
        self.switchReport = switchReport
        self.spawn = spawn
        self.scaling = scaling
    }

    /// The reports present, in the order the claims meet them.
    public var reports: [any Sendable] {
        var out: [any Sendable] = []
        if let switchReport { out.append(switchReport) }
        if let spawn { out.append(spawn) }
        if let scaling { out.append(scaling) }
        return out
    }

    /// Whether no lab has been measured.
    public var isEmpty: Bool { switchReport == nil && spawn == nil && scaling == nil }
}

/// Two decimals for microseconds under 10, one above, none above 1000:
/// "2.35 µs", "21.4 µs", "18,240 µs" is shown as "18.2 ms".
public func microsText(_ micros: Double) -> String {
    if micros >= 1000 { return "\(decimal(micros / 1000, places: 1)) ms" }
    return "\(decimal(micros, places: micros < 10 ? 2 : 1)) µs"
}

/// `value` with `places` decimals, no Foundation needed.
func decimal(_ value: Double, places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    var text = (value < 0 && rounded > 0 ? "-" : "") + String(whole)
    if places > 0 {
        let fraction = String(Int(rounded - Double(whole) * scale))
        text += "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
    return text
}

/// "3.2×".
public func timesText(_ ratio: Double) -> String { decimal(ratio, places: ratio < 10 ? 1 : 0) + "×" }
