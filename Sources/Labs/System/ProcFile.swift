import Glibc

/// Reads files under /proc whole.
///
/// Pitfall: /proc files report size 0, and readers that trust the size
/// (Foundation's `String(contentsOfFile:)`) stop after the first buffer. This
/// reads with `read(2)` until end of file.
public enum ProcFile {
    public static func read(_ path: String) throws(SystemCallError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw SystemCallError("open \(path)", code: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("read \(path)", code: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
