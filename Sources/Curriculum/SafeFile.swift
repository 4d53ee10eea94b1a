#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be read. Each names the file; the kind of object
/// found and the size limit are in the message.
public enum FileReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `open(2)` or `fstat(2)` failed (`ENOENT`, `EACCES`, `ELOOP` for a symlink loop, …).
    case cannotOpen(path: String, call: String, errno: Int32)
    /// Something other than a regular file: a FIFO, a device, a directory, a socket.
    case notRegularFile(path: String, kind: String)
    /// Larger than `limit` bytes: not read at all.
    case tooLarge(path: String, limit: Int)
    /// `read(2)` failed part way.
    case cannotRead(path: String, errno: Int32)

    /// The errno, when a call failed.
    public var errno: Int32? {
        switch self {
        case .cannotOpen(_, _, let code), .cannotRead(_, let code): code
        case .notRegularFile, .tooLarge: nil
        }
    }

    public var path: String {
        switch self {
        case .cannotOpen(let path, _, _), .notRegularFile(let path, _), .tooLarge(let path, _),
            .cannotRead(let path, _):
            path
        }
    }

    /// What went wrong, without the path: `not a regular file (it is a FIFO)`.
    public var reason: String {
        switch self {
        case .cannotOpen(_, let call, let code): "cannot open: \(call) failed: \(errorName(code))"
        case .notRegularFile(_, let kind): "not a regular file (it is \(kind))"
        case .tooLarge(_, let limit): "larger than the \(SafeFile.describe(bytes: limit)) limit"
        case .cannotRead(_, let code): "cannot read: read failed: \(errorName(code))"
        }
    }

    /// `lessons/x.md: not a regular file (it is a FIFO)`, control characters shown visibly.
    public var description: String { "\(path.visibleControlCharacters): \(reason)" }
}

/// The one way ptt reads a lesson, a question file or the progress file.
///
/// A file name can point anywhere: at a FIFO nobody writes to (a plain
/// `open(2)` waits for a writer forever), at `/dev/zero` (a read-to-the-end
/// loop never ends) or at something huge. So: `open(2)` with `O_NONBLOCK`
/// (a FIFO opens at once), `fstat(2)` and refuse anything but a regular file,
/// refuse a file over `limit` bytes, and read at most `limit + 1` bytes in
/// case it grows meanwhile; `EINTR` is retried.
///
///     let bytes = try SafeFile.read("lessons/03-thread.md", limit: SafeFile.lessonLimit)
public enum SafeFile {
    /// A lesson or question file: 16 MiB.
    public static let lessonLimit = 16 << 20
    /// The progress file: 4 MiB (5,000 answers take about 1 MiB).
    public static let progressLimit = 4 << 20

    public static func read(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw .cannotOpen(path: path, call: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, call: "fstat", errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path, kind: kind(info.st_mode)) }
        guard info.st_size <= limit else { throw .tooLarge(path: path, limit: limit) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Self.readChunk(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .cannotRead(path: path, errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { throw .tooLarge(path: path, limit: limit) }
        }
        return bytes
    }

    private static func readChunk(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(fd, buffer, count)
        #elseif canImport(Musl)
            Musl.read(fd, buffer, count)
        #else
            Darwin.read(fd, buffer, count)
        #endif
    }

    /// Reads a text file: nil text when it is not valid UTF-8.
    public static func readText(_ path: String, limit: Int) throws(FileReadError) -> String? {
        let bytes = try read(path, limit: limit)
        return String(validating: bytes, as: UTF8.self)
    }

    /// "a FIFO", "a directory", … for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// `16 MiB`, `4 MiB`, `512 bytes`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
