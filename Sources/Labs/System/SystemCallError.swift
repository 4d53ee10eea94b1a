import CSystem
import Glibc

/// A system call that failed: the call's name and the `errno` it set (or, for
/// the pthread functions, the error number they returned).
///
/// Prints as `pthread_create failed: EAGAIN (Resource temporarily unavailable)`.
///
/// ```swift
/// let rc = pthread_create(&thread, nil, entry, context)
/// if rc != 0 { throw SystemCallError("pthread_create", code: rc) }
/// ```
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The C name of the call, such as `pthread_create`.
    public let call: String
    /// The error number (`EAGAIN`, `EINVAL`, …).
    public let code: Int32

    public init(_ call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// The error number's C name, such as `EAGAIN`, or `errno 999` when unknown
    /// (glibc's own table, `strerrorname_np`).
    public var codeName: String { cs_errno_name(code).map { String(cString: $0) } ?? "errno \(code)" }

    /// The C library's text for the error, from `strerror(3)`.
    public var message: String { String(cString: strerror(code)) }

    public var description: String { "\(call) failed: \(codeName) (\(message))" }

    /// Runs a call that returns -1 and sets `errno` on failure (the POSIX style).
    @discardableResult
    public static func check(_ call: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
        let rc = body()
        if rc == -1 { throw SystemCallError(call, code: errno) }
        return rc
    }
}
