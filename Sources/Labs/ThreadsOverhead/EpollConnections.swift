import CSystem
import Glibc

/// The other way to serve many connections: one thread and `epoll`. Each
/// "connection" is a socketpair: the client end writes a request, the one
/// server thread waits on every server end at once with `epoll_wait`, reads
/// each request and writes a reply, which the client end reads.
///
/// Needs two descriptors per connection: the soft RLIMIT_NOFILE is raised to
/// the hard limit first (in the child only), and if that is still too few,
/// fewer connections are made (the report says how many, and why).
enum EpollConnections {
    static func run(_ requested: Int, board: SharedMemory) {
        typealias B = ThreadsOverheadBoard
        let base = B.epoll
        func fail(_ call: Int, _ code: Int32) {
            board.store(UInt64(call + 1), at: base + B.epollFailedCall)
            board.store(UInt64(code), at: base + B.epollError)
        }
        board.store(UInt64(requested), at: base + B.connectionsRequested)
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        board.store(UInt64(limit.rlim_cur), at: base + B.fdSoftBefore)
        board.store(UInt64(limit.rlim_max), at: base + B.fdHard)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        board.store(UInt64(limit.rlim_cur), at: base + B.fdSoft)
        let open = ProcessStatus.openDescriptors
        board.store(UInt64(open), at: base + B.fdsBefore)
        // Room for the epoll descriptor and a few the runtime may open.
        let room = max(0, (Int(min(limit.rlim_cur, 1 << 30)) - open - 16) / 2)
        let count = min(requested, room)
        board.store(UInt64(count), at: base + B.connections)

        let before = ProcessStatus.memory()
        board.store(UInt64(before.vmRSSKiB), at: base + B.epollRssBefore)
        board.store(UInt64(before.vmSizeKiB), at: base + B.epollVmBefore)
        let t0 = MonotonicClock.now()
        var clients: [Int32] = []
        var servers: [Int32] = []
        clients.reserveCapacity(count)
        servers.reserveCapacity(count)
        defer {
            for fd in clients + servers { close(fd) }
        }
        let epfd = cs_epoll_create()
        guard epfd >= 0 else { return fail(1, errno) }
        defer { close(epfd) }
        for _ in 0..<count {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0
            else { return fail(0, errno) }
            clients.append(pair[0])
            servers.append(pair[1])
            guard cs_epoll_add(epfd, pair[1]) == 0 else { return fail(2, errno) }
        }
        board.store(MonotonicClock.now() - t0, at: base + B.setupNs)
        board.store(UInt64(ProcessStatus.openDescriptors), at: base + B.fdsDuring)

        let t1 = MonotonicClock.now()
        let total = count
        let server: OSThreadGroup
        do {
            server = try OSThreadGroup.start(count: 1, name: "epoll-server") { _ in
                serve(epfd, total, board)
            }
        } catch {
            return fail(5, error.code)
        }
        var request = Array("ping".utf8)
        for fd in clients where write(fd, &request, 4) != 4 {
            fail(3, errno)
            break
        }
        var reply = [UInt8](repeating: 0, count: 4)
        for fd in clients {
            var got = 0
            while got < 4 {
                let n = reply.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, 4 - got) }
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    fail(4, n == 0 ? EPIPE : errno)
                    break
                }
                got += n
            }
        }
        server.join()
        board.store(MonotonicClock.now() - t1, at: base + B.exchangeNs)
        let after = ProcessStatus.memory()
        board.store(UInt64(after.vmRSSKiB), at: base + B.epollRss)
        board.store(UInt64(after.vmSizeKiB), at: base + B.epollVm)
    }

    /// The server: waits on every server end at once; for each ready one,
    /// reads the 4-byte request and writes a 4-byte reply.
    static func serve(_ epfd: Int32, _ total: Int, _ board: SharedMemory) {
        var ready = [Int32](repeating: 0, count: 256)
        var buffer = [UInt8](repeating: 0, count: 4)
        var reply = Array("pong".utf8)
        var served = 0
        while served < total {
            let n = cs_epoll_wait_fds(epfd, &ready, 256, 5000)
            if n <= 0 { return }  // 5 s without a request: the client side failed
            for fd in ready[0..<Int(n)] {
                if read(fd, &buffer, 4) == 4, write(fd, &reply, 4) == 4 {
                    served += 1
                }
                // Served once: no more events from this one.
                _ = cs_epoll_remove(epfd, fd)
            }
            board.store(UInt64(served), at: ThreadsOverheadBoard.served)
        }
    }
}
