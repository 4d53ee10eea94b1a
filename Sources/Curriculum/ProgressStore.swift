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
    /// (`open(2)`, `write(2)`, `fsync(2)`): a full disk (`ENOSPC`), the file
    /// size limit (`EFBIG`, see ``ProgressStore/ignoreFileSizeLimitSignal()``),
    /// a read-only folder (`EROFS`, `EACCES`).
    case cannotWrite(path: String, call: String, errno: Int32)
    /// The finished temporary file could not replace the old one (`rename(2)`).
    case cannotReplace(path: String, errno: Int32)
    /// The lock file beside the progress file could not be made or taken
    /// (`open(2)`, `flock(2)`; `EWOULDBLOCK` after waiting 10 s).
    case cannotLock(path: String, call: String, errno: Int32)
    /// The file as it is now could not be read back to merge into (it
    /// became a FIFO, a symbolic link loop, or a newer ptt wrote it).
    case cannotMerge(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let code):
            "cannot create folder \(path.visibleControlCharacters): \(errorName(code))"
        case .cannotWrite(let path, let call, let code):
            "cannot write \(path.visibleControlCharacters): \(call) failed: \(errorName(code))"
        case .cannotReplace(let path, let code):
            "cannot replace \(path.visibleControlCharacters): rename failed: \(errorName(code))"
        case .cannotLock(let path, let call, let code):
            "cannot lock \(path.visibleControlCharacters): \(call) failed: \(errorName(code))"
        case .cannotMerge(let path, let reason):
            "cannot save into \(path.visibleControlCharacters): \(reason)"
        }
    }
}

/// `EACCES (Permission denied)`.
func errorName(_ code: Int32) -> String {
    let names: [Int32: String] = [
        EACCES: "EACCES", ENOENT: "ENOENT", ENOSPC: "ENOSPC", EROFS: "EROFS", EISDIR: "EISDIR",
        ENOTDIR: "ENOTDIR", EEXIST: "EEXIST", EIO: "EIO", EPERM: "EPERM", EDQUOT: "EDQUOT", EFBIG: "EFBIG",
        ELOOP: "ELOOP", EWOULDBLOCK: "EWOULDBLOCK", EINVAL: "EINVAL", ENAMETOOLONG: "ENAMETOOLONG",
        EMFILE: "EMFILE", EXDEV: "EXDEV",
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
/// each. A failed write removes its temporary file. The file is mode 0600
/// (it is nobody else's business what you got wrong), its folder 0700 when
/// ptt creates it.
///
/// Saving merges: two ptt on one file lose nothing. ``save(_:)`` takes an
/// exclusive `flock(2)` on `progress.json.lock` beside the file, reads the
/// file as it is now, applies what this process changed since it last
/// loaded or saved (``LearnerProgress/merge(disk:mine:base:)``), writes,
/// and lets go. Keys a newer ptt wrote, which this one does not know, are
/// kept.
///
/// A symbolic link is written through: the file it leads to is replaced
/// (atomically, beside itself), and the link stays.
///
/// Reading refuses anything but a regular file and anything over
/// ``SafeFile/progressLimit`` (see ``SafeFile``). A file that cannot be read
/// or parsed is renamed to `progress.json.damaged-TIMESTAMP` and loading
/// starts fresh, with a warning naming the moved file: nothing is lost
/// silently. A FIFO, a device or a socket is left alone, and that run does
/// not save. Entries with numbers that make no sense (see
/// ``ProgressLimits``) are left out; the file is first copied to
/// `progress.json.damaged-TIMESTAMP`, and the warning says which entries.
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
    /// What this process last loaded or saved: the base its changes are
    /// measured from when merging. Shared by copies of the store.
    private let memory = Memory()

    public init(path: String) {
        self.path = path
    }

    /// Makes a write over the file size limit (`ulimit -f`) fail with
    /// `EFBIG`, reported as ``ProgressStoreError/cannotWrite(path:call:errno:)``,
    /// instead of killing the process with `SIGXFSZ` (with the terminal raw).
    /// Call once at start.
    public static func ignoreFileSizeLimitSignal() {
        signal(SIGXFSZ, SIG_IGN)
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

    /// The file itself: `path` with symbolic links followed (at most 40, as
    /// the kernel does). A link to a missing file gives that file's path.
    func target() throws(ProgressStoreError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw .cannotMerge(path: current, reason: "readlink failed: \(errorName(errno))") }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : Self.directory(of: current) + "/" + link
        }
        throw .cannotMerge(path: path, reason: "a symbolic link loop (\(errorName(ELOOP)))")
    }

    static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    // MARK: Loading

    /// Loads the file. A missing file is a fresh start without a warning; a
    /// damaged, unreadable or too new one is set aside (named with `now`).
    public func load(now: Date) -> ProgressLoad {
        let file: String
        do { file = try target() } catch {
            return ProgressLoad(
                progress: LearnerProgress(),
                warning: "progress file \(path.visibleControlCharacters): \(error); "
                    + "progress will not be saved", setAside: nil, canSave: false)
        }
        let loaded = Self.read(file)
        switch loaded {
        case .missing:
            memory.base = LearnerProgress()
            return ProgressLoad(progress: LearnerProgress(), warning: nil, setAside: nil, canSave: true)
        case .refused(let reason):
            return ProgressLoad(
                progress: LearnerProgress(),
                warning: "progress file \(file.visibleControlCharacters) \(reason); it was left alone and "
                    + "progress will not be saved", setAside: nil, canSave: false)
        case .unusable(let reason):
            let result = setAside(file, reason: reason, now: now)
            if result.canSave { memory.base = LearnerProgress() }
            return result
        case .read(let progress, let problems, _):
            var load = ProgressLoad(progress: progress, warning: nil, setAside: nil, canSave: true)
            if !problems.isEmpty {
                let shown = problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : "")
                let what =
                    "has \(problems.count) \(problems.count == 1 ? "entry that makes" : "entries that make") no sense (\(shown))"
                switch copyAside(file, now: now) {
                case .success(let aside):
                    load.setAside = aside
                    load.warning =
                        "progress file \(file.visibleControlCharacters) \(what.visibleControlCharacters); "
                        + "left them out and kept a copy of the file in \(aside.visibleControlCharacters)"
                case .failure(let code):
                    load.canSave = false
                    load.warning =
                        "progress file \(file.visibleControlCharacters) \(what.visibleControlCharacters), and "
                        + "copying it aside failed (\(errorName(code.code))); progress will not be saved"
                }
            }
            if load.canSave { memory.base = progress }
            return load
        }
    }

    /// What reading the file gave.
    enum Read {
        case missing
        /// Not a regular file: left alone.
        case refused(String)
        /// Damaged, too large, unreadable or too new: to be set aside.
        case unusable(String)
        /// Read; `problems` are entries left out.
        case read(LearnerProgress, problems: [String], raw: [String: Any])

        static func read(_ progress: LearnerProgress, problems: [String]) -> Read {
            .read(progress, problems: problems, raw: [:])
        }
    }

    static func read(_ file: String) -> Read {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(file, limit: SafeFile.progressLimit)
        } catch {
            switch error {
            case .cannotOpen(_, _, ENOENT): return .missing
            // A folder, a FIFO, a device: not ptt's to move or replace. Left as it is.
            case .notRegularFile(_, let kind): return .refused("is not a regular file (it is \(kind))")
            case .tooLarge(_, let limit):
                return .unusable("is larger than the \(SafeFile.describe(bytes: limit)) limit")
            default: return .unusable("cannot be read: \(error.reason)")
            }
        }
        return decode(Data(bytes))
    }

    /// What the bytes of a progress file hold (the fuzz target calls this).
    static func decode(_ data: Data) -> Read {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let entries = SetAsideEntries()
        decoder.userInfo[SetAsideEntries.key] = entries
        struct Version: Decodable { var version: Int }
        guard let version = try? decoder.decode(Version.self, from: data).version else {
            return .unusable("is damaged (not a ptt progress file)")
        }
        guard version <= LearnerProgress.currentVersion else {
            return .unusable("was written by a newer ptt (version \(version))")
        }
        guard version >= 1, let progress = try? decoder.decode(LearnerProgress.self, from: data) else {
            return .unusable("is damaged (its JSON does not match version \(version))")
        }
        // Later versions migrate older files here, field by field.
        var migrated = progress
        migrated.version = LearnerProgress.currentVersion
        let raw = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return .read(migrated, problems: entries.problems, raw: raw)
    }

    private struct CopyFailure: Error { var code: Int32 }

    /// `progress.json.damaged-20250102T030405Z` (with `-2`, `-3` if taken).
    private func asideName(_ file: String, now: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: now).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-", with: "")
        var aside = "\(file).damaged-\(stamp)"
        var n = 1
        var info = stat()
        while lstat(aside, &info) == 0 {
            n += 1
            aside = "\(file).damaged-\(stamp)-\(n)"
        }
        return aside
    }

    /// Copies the file aside (mode 0600), keeping the original in place.
    private func copyAside(_ file: String, now: Date) -> Result<String, CopyFailure> {
        let aside = asideName(file, now: now)
        do {
            let bytes = try SafeFile.read(file, limit: SafeFile.progressLimit)
            try Self.writeAtomically(Data(bytes), to: aside, beforeReplace: nil)
            return .success(aside)
        } catch let error as ProgressStoreError {
            if case .cannotWrite(_, _, let code) = error { return .failure(CopyFailure(code: code)) }
            return .failure(CopyFailure(code: EIO))
        } catch {
            return .failure(CopyFailure(code: (error as? FileReadError)?.errno ?? EIO))
        }
    }

    /// Moves the file aside and starts fresh.
    private func setAside(_ file: String, reason: String, now: Date) -> ProgressLoad {
        let aside = asideName(file, now: now)
        let shown = file.visibleControlCharacters
        if rename(file, aside) == 0 {
            return ProgressLoad(
                progress: LearnerProgress(),
                warning:
                    "progress file \(shown) \(reason); moved it to \(aside.visibleControlCharacters) and started fresh",
                setAside: aside, canSave: true)
        }
        let code = errorName(errno)
        return ProgressLoad(
            progress: LearnerProgress(),
            warning:
                "progress file \(shown) \(reason), and moving it aside failed (\(code)); progress will not be saved",
            setAside: nil, canSave: false)
    }

    // MARK: Saving

    /// Merges `progress` into the file as it is now and writes the result
    /// atomically, under the lock (see the type's documentation). Returns
    /// what was written: `progress` with what other processes saved
    /// meanwhile. The base for the next save is `progress` itself, so a
    /// caller may keep working on its own copy.
    ///
    /// A file damaged meanwhile is set aside first; one a newer ptt wrote
    /// meanwhile, or one that is no longer a regular file, is not
    /// overwritten (``ProgressStoreError/cannotMerge(path:reason:)``).
    @discardableResult
    public func save(_ progress: LearnerProgress) throws(ProgressStoreError) -> LearnerProgress {
        let file = try target()
        let directory = Self.directory(of: file)
        try Self.makeDirectory(directory)
        let lock = try Lock(path: file + ".lock")
        defer { lock.release() }

        var disk = LearnerProgress()
        var raw: [String: Any] = [:]
        switch Self.read(file) {
        case .missing:
            break
        case .refused(let reason):
            throw .cannotMerge(path: file, reason: "it \(reason)")
        case .unusable(let reason):
            if reason.hasPrefix("was written by a newer ptt") {
                throw .cannotMerge(path: file, reason: "it \(reason) since this one started; not overwriting it")
            }
            // Damaged meanwhile: keep it, under another name.
            let aside = asideName(file, now: Date())
            guard rename(file, aside) == 0 else { throw .cannotReplace(path: file, errno: errno) }
        case .read(let onDisk, _, let object):
            disk = onDisk
            raw = object
        }
        let base = memory.base ?? LearnerProgress()
        let merged = LearnerProgress.merge(disk: disk, mine: progress, base: base)
        try Self.writeAtomically(
            try Self.encode(merged, keeping: raw, path: file), to: file, beforeReplace: beforeReplace)
        memory.base = progress
        return merged
    }

    /// Makes `saved` the base of the next merge. Call it when replacing
    /// your copy with what ``save(_:)`` returned (to show what another ptt
    /// recorded); without it, the next save would count the other process's
    /// lab runs as this one's, twice.
    ///
    ///     model.progress = try store.save(model.progress)
    ///     store.adopt(model.progress)
    public func adopt(_ saved: LearnerProgress) {
        memory.base = saved
    }

    /// Pretty, sorted JSON; with the unknown keys of `raw` put back.
    static func encode(_ progress: LearnerProgress, keeping raw: [String: Any], path: String) throws(ProgressStoreError)
        -> Data
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            let data = try encoder.encode(progress)
            guard UnknownKeys.any(in: raw), var object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return data }
            UnknownKeys.restore(into: &object, from: raw)
            return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        } catch {
            // Encoding plain Codable values cannot fail; say so if it ever does.
            throw .cannotWrite(path: path, call: "encode", errno: EINVAL)
        }
    }

    /// Temporary file beside `file`, fsync, rename, fsync of the folder.
    /// The temporary file is removed on every failure.
    static func writeAtomically(
        _ data: Data, to file: String, beforeReplace: (@Sendable (String) throws -> Void)?
    ) throws(ProgressStoreError) {
        let directory = directory(of: file)
        let name = URL(fileURLWithPath: file).lastPathComponent
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
            do { try beforeReplace(temp) } catch { throw .cannotReplace(path: file, errno: EIO) }
        }
        guard rename(temp, file) == 0 else { throw .cannotReplace(path: file, errno: errno) }
        renamed = true
        // Make the rename itself durable.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// `mkdir -p`, new folders 0700. Recursion depth is the path's depth.
    static func makeDirectory(_ dir: String) throws(ProgressStoreError) {
        var info = stat()
        if stat(dir, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw .cannotCreateDirectory(path: dir, errno: ENOTDIR)
        }
        let parent = directory(of: dir)
        if parent != dir && !parent.isEmpty { try makeDirectory(parent) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw .cannotCreateDirectory(path: dir, errno: errno)
        }
    }

    /// An exclusive `flock(2)` on a lock file, waited for up to 10 s. The
    /// lock file stays (removing it would let two processes lock two files).
    struct Lock {
        let fd: Int32

        init(path: String) throws(ProgressStoreError) {
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw .cannotLock(path: path, call: "open", errno: errno) }
            var waited = 0
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code == EINTR { continue }
                guard code == EWOULDBLOCK, waited < 1000 else {
                    close(fd)
                    throw .cannotLock(path: path, call: "flock", errno: code)
                }
                usleep(10_000)
                waited += 1
            }
        }

        func release() {
            _ = flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// The base of the next merge; a class so that copies of the store share it.
    final class Memory: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: LearnerProgress?
        var base: LearnerProgress? {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
