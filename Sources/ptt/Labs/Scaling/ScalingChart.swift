import Foundation
import Labs
import TerminalUI

/// The scaling lab's chart: one bar of speed-up per worker count for
/// threads and for processes, on a common scale with ticks, a dotted line at
/// the CPU count (the most speed-up these CPUs can give CPU-bound work) and a
/// rule under the row where the workers reach the CPU count.
enum ScalingChart {
    /// Lines for a column `width` wide.
    static func lines(
        _ title: String, _ points: [ScalingPoint], cpus: Int, width: Int, cpuBound: Bool = true
    ) -> [[TextRun]] {
        var lines: [[TextRun]] = [[TextRun(title, Style(.heading, bold: true))]]
        guard !points.isEmpty else { return lines }
        let labelWidth = 17
        let barWidth = max(10, min(64, width - labelWidth - 18))
        let best = points.map { max($0.threadsSpeedup, $0.processesSpeedup) }.max() ?? 1
        let top = max(1, Double(cpus), best.isFinite ? best : 1).rounded(.up)
        let perUnit = Double(barWidth) / top
        let cpuColumn = min(barWidth - 1, Int((Double(cpus) * perUnit).rounded()))
        lines.append([
            TextRun(pad("workers", labelWidth), Style(.dim)), TextRun(axis(top, perUnit, barWidth), Style(.dim)),
            TextRun(nbsp + "speed-up  wall", Style(.dim)),
        ])
        for (i, p) in points.enumerated() {
            for (kind, speedup, seconds, role) in [
                ("threads", p.threadsSpeedup, p.threadsSeconds, ColorRole.thread),
                ("processes", p.processesSpeedup, p.processesSeconds, ColorRole.process),
            ] {
                let number = kind == "threads" ? String(p.workers) : ""
                var runs = [
                    TextRun(pad(String(repeating: " ", count: max(0, 4 - number.count)) + number, 7), Style(.strong)),
                    TextRun(pad(kind, labelWidth - 7), Style(role)),
                ]
                runs += bar(speedup * perUnit, width: barWidth, cpuColumn: cpuColumn, role: role)
                runs.append(TextRun(" " + pad(timesText(speedup), 8) + secondsText(seconds), Style(.dim)))
                lines.append(runs)
            }
            if p.workers == cpus && i + 1 < points.count {
                lines.append([
                    TextRun(
                        "  " + String(repeating: "─", count: 5)
                            + " \(cpus) CPU\(cpus == 1 ? "" : "s"): more workers share them "
                            + String(repeating: "─", count: 3), Style(.warn))
                ])
            }
        }
        let plural = cpus == 1 ? "" : "s"
        let legend =
            cpuBound ? "\(cpus)×: the most \(cpus) CPU\(plural) can give" : "\(cpus)×, the CPU count: waits need no CPU"
        let at = labelWidth + cpuColumn + legend.count + 2 <= width - 2 ? labelWidth + cpuColumn : labelWidth
        lines.append([
            TextRun(pad("", at) + "┊", Style(.warn, bold: true)), TextRun(nbsp + legend, Style(.dim)),
        ])
        return lines
    }

    /// "0×   1×   2×" with each label at its column.
    static func axis(_ top: Double, _ perUnit: Double, _ width: Int) -> String {
        var chars = Array(repeating: Character(" "), count: width + 4)
        let step = top <= 8 ? 1.0 : top <= 20 ? 2.0 : 5.0
        var k = 0.0
        while k <= top {
            let label = Array("\(Int(k))×")
            let at = min(width - label.count, Int((k * perUnit).rounded()))
            if at + label.count <= chars.count,
                chars[max(0, at - 1)...].prefix(label.count + 1).allSatisfy({ $0 == " " })
                    || at == 0
            {
                for (j, c) in label.enumerated() { chars[at + j] = c }
            }
            k += step
        }
        return String(chars.prefix(width)).replacingOccurrences(of: " ", with: nbsp)
    }

    /// A bar `length` cells long (eighths drawn), in `width` cells, with the CPU line where the bar does not reach.
    static func bar(_ length: Double, width: Int, cpuColumn: Int, role: ColorRole) -> [TextRun] {
        let eighthBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let clamped = max(0, min(Double(width), length.isFinite ? length : 0))
        let full = Int(clamped)
        let eighths = Int(((clamped - Double(full)) * 8).rounded(.down))
        var filled = String(repeating: "█", count: full)
        if eighths > 0 && full < width { filled.append(eighthBlocks[eighths - 1]) }
        let used = filled.count
        var runs = [TextRun(filled, Style(role))]
        if used <= cpuColumn {
            runs.append(TextRun(String(repeating: " ", count: cpuColumn - used)))
            runs.append(TextRun("┊", Style(.warn)))
            runs.append(TextRun(String(repeating: " ", count: max(0, width - cpuColumn - 1))))
        } else {
            runs.append(TextRun(String(repeating: " ", count: max(0, width - used))))
        }
        return runs
    }

    /// `text` filled to `width` with no-break spaces: a line's flow keeps them where it drops leading spaces.
    static func pad(_ text: String, _ width: Int) -> String {
        let text = text.replacingOccurrences(of: " ", with: nbsp)
        return text.count >= width ? text : text + String(repeating: nbsp, count: width - text.count)
    }

    static let nbsp = "\u{00A0}"

    /// "0.53 s", "12.4 s".
    static func secondsText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        return seconds < 10 ? "\(decimal2(seconds)) s" : "\(Int(seconds.rounded())) s"
    }

    private static func decimal2(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
