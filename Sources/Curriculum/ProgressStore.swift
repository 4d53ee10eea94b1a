import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why progress could not be saved. Each names the file and the failing call.
public enum ProgressStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder for the file could not be made (`mkdir(2)`).
    case cannotCreateDirectory(path: String, errno: Int32)
    /// The temporary file could not be created, written or flushed
    /// (`open(2)`, `write(2)`, `fsync(2)`).
    case cannotWrite(path: String, call: String, errno: Int32)
    /// The finished temporary file could not replace the old one (`rename(2)`).
    case cannotReplace(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            "cannot create folder \(path): \(errorName(code))"
        case .cannotWrite(let path, let call, let code):
            "cannot write \(path): \(call) failed: \(errorName(code))"
        case .cannotReplace(let path, let code):
            "cannot replace \(path): rename failed: \(errorName(code))"
        }
    }
}

/// `EACCES (Permission denied)`.
func errorName(_ code: Int32) -> String {
    let names: [Int32: String] = [
        EACCES: "EACCES", ENOENT: "ENOENT", ENOSPC: "ENOSPC", EROFS: "EROFS", EISDIR: "EISDIR",
        ENOTDIR: "ENOTDIR", EEXIST: "EEXIST", EIO: "EIO", EPERM: "EPERM", EDQUOT: "EDQUOT",
    ]
    let text = String(cString: strerror(code))
    return "\(names[code] ?? "errno \(code)") (\(text.prefix(1).lowercased() + text.dropFirst()))"
}

/// What loading found.
public struct ProgressLoad: Sendable {
    public var progress: LearnerProgress
    /// Said on stderr or the status bar when the file was damaged or unreadable.
    public var warning: String?
    /// Where a damaged file was moved (`progress.json.damaged-20250102T030405Z`).
    public var setAside: String?
    /// False when an unreadable file could not be moved aside: saving would
    /// destroy it, so this run does not save.
    public var canSave: Bool
}

/// Reads and writes `progress.json`.
///
/// Writes are atomic: the JSON goes to a temporary file in the same folder,
/// is flushed with `fsync(2)`, and replaces the old file with `rename(2)`, so
/// a crash or a full disk leaves the old file or the new one, never half of
/// each. The file is mode 0600 (it is nobody else's business what you got
/// wrong), its folder 0700 when ptt creates it.
///
/// A file that cannot be read or parsed is renamed to
/// `progress.json.damaged-TIMESTAMP` and loading starts fresh, with a
/// warning naming the moved file: nothing is lost silently.
///
///     let store = ProgressStore(path: ProgressStore.defaultPath(environment: env)!)
///     let loaded = store.load(now: Date())
///     if let warning = loaded.warning { print(warning) }
///     try store.save(loaded.progress)
public struct ProgressStore: Sendable {
    public var path: String
    /// Called with the temporary file's path after it is written and flushed,
    /// before the rename (tests look at it, or throw to act as a crash).
    var beforeReplace: (@Sendable (String) throws -> Void)?

    public init(path: String) {
        self.path = path
    }

    /// `PTT_STATE`, else `$XDG_STATE_HOME/ptt/progress.json`, else
    /// `~/.local/state/ptt/progress.json`. Nil when not even HOME is set.
    /// A relative `XDG_STATE_HOME` is ignored, as the XDG spec says.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["PTT_STATE"], !state.isEmpty { return state }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            return (xdg.hasSuffix("/") ? xdg : xdg + "/") + "ptt/progress.json"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + ".local/state/ptt/progress.json"
    }

    var directory: String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    // MARK: Loading

    /// Loads the file. A missing file is a fresh start without a warning; a
    /// damaged, unreadable or too new one is set aside (named with `now`).
    public func load(now: Date) -> ProgressLoad {
        let data: Data
        do {
            data = try readFile()
        } catch {
            if error.code == ENOENT {
                return ProgressLoad(progress: LearnerProgress(), warning: nil, setAside: nil, canSave: true)
            }
            return setAside(reason: "cannot be read: \(errorName(error.code))", now: now)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        struct Version: Decodable { var version: Int }
        guard let version = try? decoder.decode(Version.self, from: data).version else {
            return setAside(reason: "is damaged (not a ptt progress file)", now: now)
        }
        guard version <= LearnerProgress.currentVersion else {
            return setAside(reason: "was written by a newer ptt (version \(version))", now: now)
        }
        guard version >= 1, let progress = try? decoder.decode(LearnerProgress.self, from: data) else {
            return setAside(reason: "is damaged (its JSON does not match version \(version))", now: now)
        }
        // Later versions migrate older files here, field by field.
        var migrated = progress
        migrated.version = LearnerProgress.currentVersion
        return ProgressLoad(progress: migrated, warning: nil, setAside: nil, canSave: true)
    }

    private struct ReadFailure: Error {
        var code: Int32
    }

    private func readFile() throws(ReadFailure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadFailure(code: errno) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(code: errno)
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// Moves the file aside and starts fresh.
    private func setAside(reason: String, now: Date) -> ProgressLoad {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: now).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-", with: "")
        var aside = "\(path).damaged-\(stamp)"
        var n = 1
        while access(aside, F_OK) == 0 {
            n += 1
            aside = "\(path).damaged-\(stamp)-\(n)"
        }
        if rename(path, aside) == 0 {
            return ProgressLoad(
                progress: LearnerProgress(),
                warning: "progress file \(path) \(reason); moved it to \(aside) and started fresh",
                setAside: aside, canSave: true)
        }
        let code = errorName(errno)
        return ProgressLoad(
            progress: LearnerProgress(),
            warning:
                "progress file \(path) \(reason), and moving it aside failed (\(code)); progress will not be saved",
            setAside: nil, canSave: false)
    }

    // MARK: Saving

    /// Writes the progress atomically (temporary file, fsync, rename), mode 0600.
    public func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do {
            data = try encoder.encode(progress)
        } catch {
            // Encoding plain Codable values cannot fail; say so if it ever does.
            throw .cannotWrite(path: path, call: "encode", errno: EINVAL)
        }
        try makeDirectory(directory)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let temp = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path: temp, call: "open", errno: errno) }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(fd) }
            if !renamed { unlink(temp) }
        }
        // open(2) applies the umask; make the mode exact.
        guard fchmod(fd, 0o600) == 0 else { throw .cannotWrite(path: temp, call: "fchmod", errno: errno) }
        let failedWrite: Int32? = data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failedWrite { throw .cannotWrite(path: temp, call: "write", errno: failedWrite) }
        guard fsync(fd) == 0 else { throw .cannotWrite(path: temp, call: "fsync", errno: errno) }
        closed = true
        guard close(fd) == 0 else { throw .cannotWrite(path: temp, call: "close", errno: errno) }
        if let beforeReplace {
            do { try beforeReplace(temp) } catch { throw .cannotReplace(path: path, errno: EIO) }
        }
        guard rename(temp, path) == 0 else { throw .cannotReplace(path: path, errno: errno) }
        renamed = true
        // Make the rename itself durable.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// `mkdir -p`, new folders 0700. Recursion depth is the path's depth.
    private func makeDirectory(_ dir: String) throws(ProgressStoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw .cannotCreateDirectory(path: dir, errno: ENOTDIR)
        }
        let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        if parent != dir && !parent.isEmpty { try makeDirectory(parent) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw .cannotCreateDirectory(path: dir, errno: errno)
        }
    }
}
