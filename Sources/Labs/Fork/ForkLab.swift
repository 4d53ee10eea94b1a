import CSystem
import Glibc

/// The fork lab: `fork(2)` gives the child a copy of the parent's memory.
/// The child changes its copy of a variable; the parent's stays as it was,
/// although both live at the same virtual address.
///
/// This child is not ptt started again: `exec` would replace the very memory
/// the lab is about. It is a true fork, and in the child only a few
/// async-signal-safe calls run (in C, `cs_fork_and_change`), as they must in
/// the child of a multithreaded process. Like every lab child it asks for
/// SIGKILL when ptt dies, and it is reaped.
///
/// ```swift
/// let report = try ForkLab.run()
/// report.parentValue   // 42: unchanged
/// report.childValue    // 99: the child's copy
/// ```
public enum ForkLab {
    public static let initialValue = 42
    public static let childValue = 99

    public static func run() throws(SystemCallError) -> ForkReport {
        let variable = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { variable.deallocate() }
        variable.initialize(to: initialValue)
        var fds: [Int32] = [-1, -1]
        try SystemCallError.check("pipe2") { cs_pipe_cloexec(&fds) }
        defer { close(fds[0]) }
        let address = Int(bitPattern: variable)
        let writeEnd = fds[1]
        let parent = getpid()
        let forked = SpawnerThread.shared.perform { () -> (pid: pid_t, errno: Int32) in
            let pid = cs_fork_and_change(
                UnsafeMutablePointer<Int>(bitPattern: address), childValue, writeEnd, parent)
            return (pid, pid < 0 ? errno : 0)
        }
        close(writeEnd)
        guard forked.pid > 0 else { throw SystemCallError("fork", code: forked.errno) }
        let child = ChildProcess(pid: forked.pid, role: "fork")
        // The child's report: its pid, the value it read back, the address.
        var words = [Int](repeating: 0, count: 3)
        let bytes = words.withUnsafeMutableBytes { buffer -> Int in
            var got = 0
            while got < buffer.count {
                let n = read(fds[0], buffer.baseAddress! + got, buffer.count - got)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            return got
        }
        let status = child.wait()
        guard bytes == 24 else { throw SystemCallError("read", code: bytes < 0 ? errno : EIO) }
        return ForkReport(
            parentPid: parent, childPid: child.pid, initialValue: initialValue, parentValue: variable.pointee,
            childValue: words[1], parentAddress: address, childAddress: words[2], childExit: status.description)
    }
}

/// The fork lab's report: keys `lab, parentPid, childPid, parentValue,
/// childValue` (DESIGN.md), plus the value before the fork, the address in
/// each process and how the child ended.
public struct ForkReport: Codable, Sendable, Equatable {
    public var lab = "fork"
    public var parentPid: Int32
    public var childPid: Int32
    public var initialValue: Int
    public var parentValue: Int
    public var childValue: Int
    /// The variable's virtual address in each process, in hex.
    public var parentAddress: String
    public var childAddress: String
    public var childExit: String

    public init(
        parentPid: pid_t, childPid: pid_t, initialValue: Int, parentValue: Int, childValue: Int, parentAddress: Int,
        childAddress: Int, childExit: String
    ) {
        self.parentPid = parentPid
        self.childPid = childPid
        self.initialValue = initialValue
        self.parentValue = parentValue
        self.childValue = childValue
        self.parentAddress = "0x" + String(parentAddress, radix: 16)
        self.childAddress = "0x" + String(childAddress, radix: 16)
        self.childExit = childExit
    }
}
