import Foundation
import Glibc

/// What both recording formats (a lab's own, version 1, and the session
/// recording, version 2) do the same way: the replay label, the atomic
/// write and the words for a decoding error.
enum RecordingFile {
    /// "replay of a run recorded on 2026-12-01 20:15 UTC on HOST (CPU, N CPUs, Linux 6.x)".
    static func label(date: Date, machine: MachineInfo) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
        let when = "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) UTC"
        return "replay of a run recorded on \(when) on \(machine.summary)"
    }

    /// Writes `data` to `path` atomically: a temporary file beside it, then
    /// rename; on failure no temporary file is left.
    static func write(_ data: Data, to path: String) throws(LabRecordingError) {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LabRecordingError(file: path, problem: "cannot be written: open(\(temp)): \(errnoText())")
        }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        let writeError = errnoText()
        close(fd)
        guard written else {
            unlink(temp)
            throw LabRecordingError(file: path, problem: "cannot be written: write(2): \(writeError)")
        }
        guard rename(temp, path) == 0 else {
            let text = errnoText()
            unlink(temp)
            throw LabRecordingError(file: path, problem: "cannot be written: rename(2): \(text)")
        }
    }

    private static func errnoText() -> String { "\(String(cString: strerror(errno))) (errno \(errno))" }

    /// Where a file did not match the format: "missing 'events' at runs[0]".
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top" : "at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' \(path(context))"
        case .typeMismatch(_, let context): return "wrong type \(path(context))"
        case .valueNotFound(_, let context): return "missing value \(path(context))"
        case .dataCorrupted(let context): return "bad value \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
