/// The threads-overhead child's shared board (descriptor 3): its progress
/// for a live screen and, once done, every measurement.
enum ThreadsOverheadBoard {
    static let size = 4096
    static let descriptor: Int32 = 3
    /// 0 starting, 1 threads, 2 connections, 3 done (waiting for `quit`).
    static let phase = 0
    static let step = 1
    /// Threads of the current step blocked so far; connections served so far.
    static let started = 2
    /// ptt → child: end now.
    static let quit = 3
    static let stackSize = 4
    static let stepCount = 5
    static let served = 6
    /// The child's own task count before any step.
    static let baselineTasks = 7

    /// Step `s` (at most `maxSteps`): words at `step(s) + …`.
    static let maxSteps = 8
    static func step(_ s: Int) -> Int { 64 + s * 16 }
    static let requested = 0
    static let created = 1
    /// The error number pthread_create returned, or 0.
    static let error = 2
    static let createNs = 3
    static let vmSizeBefore = 4
    static let vmSize = 5
    static let rssBefore = 6
    static let rss = 7
    static let tasksBefore = 8
    static let tasksWhileBlocked = 9
    static let tasksAfter = 10
    static let joinNs = 11

    /// The connections part: words at `epoll + …`.
    static let epoll = 256
    static let connectionsRequested = 0
    static let connections = 1
    static let fdSoftBefore = 2
    static let fdHard = 3
    static let fdSoft = 4
    static let exchangeNs = 5
    static let epollRssBefore = 6
    static let epollRss = 7
    static let epollVmBefore = 8
    static let epollVm = 9
    /// The call that failed (index into `failedCalls`) + 1, and its errno.
    static let epollFailedCall = 10
    static let epollError = 11
    static let fdsBefore = 12
    static let fdsDuring = 13
    static let setupNs = 14
    static let failedCalls = ["socketpair", "epoll_create1", "epoll_ctl", "write", "read", "pthread_create"]
}
