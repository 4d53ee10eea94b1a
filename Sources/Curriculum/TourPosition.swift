import Foundation

/// Where a running tour is, as `ptt tour` publishes it for `ptt tour --notes`
/// in a second terminal: a small JSON file in the state directory, written
/// atomically on every move, read by the follower every half second or so.
///
///     var position = TourPosition(tourFile: "lessons/tour.md", stepCount: 10, now: Date())
///     position.move(to: 1, now: Date())
///     try TourChannel(path: TourChannel.defaultPath(environment: env)!).write(position)
///     // the follower: let seen = try channel.read()   // nil until the tour starts
public struct TourPosition: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public var version = TourPosition.currentVersion
    /// The tour file, as `ptt tour` opened it (the follower reads the notes from it).
    public var tourFile: String
    /// 0-based; the step on screen now.
    public var stepIndex: Int
    public var stepCount: Int
    public var tourStarted: Date
    /// When the current visit to each step began (nil: not on it now or never).
    public var stepStarted: [Date?]
    /// Seconds spent on each step in earlier visits (going back and returning adds up).
    public var secondsSpent: [Double]
    /// The presenting ptt's PID, so a follower can tell a tour that ended
    /// without saying so (its process gone) from one that goes on.
    public var presenterPid: Int32
    /// Set when the presenter leaves the tour.
    public var ended = false

    public init(tourFile: String, stepCount: Int, now: Date, presenterPid: Int32 = getpid()) {
        self.tourFile = tourFile
        self.stepCount = stepCount
        stepIndex = 0
        tourStarted = now
        stepStarted = Array(repeating: nil, count: stepCount)
        secondsSpent = Array(repeating: 0, count: stepCount)
        if stepCount > 0 { stepStarted[0] = now }
        self.presenterPid = presenterPid
    }

    /// Leaves the current step (adding the time spent on it) and starts a
    /// visit to `index` (clamped to the steps).
    public mutating func move(to index: Int, now: Date) {
        guard stepCount > 0 else { return }
        close(now: now)
        stepIndex = min(max(0, index), stepCount - 1)
        stepStarted[stepIndex] = now
    }

    /// Adds the current visit's time to its step; the tour is over.
    public mutating func end(now: Date) {
        close(now: now)
        ended = true
    }

    private mutating func close(now: Date) {
        guard stepIndex < stepCount, let started = stepStarted[stepIndex] else { return }
        secondsSpent[stepIndex] += max(0, now.timeIntervalSince(started))
        stepStarted[stepIndex] = nil
    }

    /// Seconds spent on step `index` so far, the current visit included.
    public func seconds(onStep index: Int, now: Date) -> Double {
        guard secondsSpent.indices.contains(index) else { return 0 }
        let current = stepStarted[index].map { max(0, now.timeIntervalSince($0)) } ?? 0
        return secondsSpent[index] + current
    }

    /// Whether the counts agree (a file edited by hand, or from another tour, may not).
    var isConsistent: Bool {
        stepCount >= 0 && stepStarted.count == stepCount && secondsSpent.count == stepCount
            && (stepCount == 0 || (0..<stepCount).contains(stepIndex))
    }
}

/// A tour-position file that could not be read or written, naming it.
public struct TourChannelError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "tour position file \(path): \(reason)" }
}

/// The file `ptt tour` writes and `ptt tour --notes` reads.
public struct TourChannel: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    /// `tour-position.json` beside the progress file (`ProgressStore.defaultPath`):
    /// in `$XDG_STATE_HOME/ptt/` by default. Nil when not even HOME is set.
    public static func defaultPath(environment: [String: String]) -> String? {
        guard let progress = ProgressStore.defaultPath(environment: environment) else { return nil }
        return URL(fileURLWithPath: progress).deletingLastPathComponent().appendingPathComponent("tour-position.json")
            .path
    }

    /// Writes atomically: a temporary file in the same folder, flushed, then
    /// renamed over the old one, so a reader never sees half a file. Mode 0600.
    public func write(_ position: TourPosition) throws(TourChannelError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(position) else {
            throw TourChannelError(path: path, reason: "cannot encode the position")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if access(directory, F_OK) != 0 {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw TourChannelError(path: path, reason: "cannot create the folder \(directory)")
            }
        }
        let temp = "\(directory)/.\(url.lastPathComponent).tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("open \(temp)", errno) }
        let written = data.withUnsafeBytes { bytes -> Int in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                done += n
            }
            return done
        }
        let code = errno
        if written != data.count || fsync(fd) != 0 {
            close(fd)
            unlink(temp)
            throw failure("write \(temp)", written != data.count ? code : errno)
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw failure("rename", code)
        }
    }

    /// The position, or nil when no tour has written one yet. Throws for a
    /// file that cannot be read or is not a position file.
    public func read() throws(TourChannelError) -> TourPosition? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if access(path, F_OK) != 0 && errno == ENOENT { return nil }
            throw TourChannelError(path: path, reason: "cannot be read")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let position = try? decoder.decode(TourPosition.self, from: data) else {
            throw TourChannelError(path: path, reason: "is damaged (not a ptt tour position)")
        }
        guard position.version <= TourPosition.currentVersion else {
            throw TourChannelError(path: path, reason: "was written by a newer ptt (version \(position.version))")
        }
        guard position.isConsistent else {
            throw TourChannelError(path: path, reason: "is damaged (its step counts do not agree)")
        }
        return position
    }

    private func failure(_ call: String, _ code: Int32) -> TourChannelError {
        TourChannelError(path: path, reason: "\(call) failed: \(String(cString: strerror(code)))")
    }
}
