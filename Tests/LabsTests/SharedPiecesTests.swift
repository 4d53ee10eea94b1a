import CSystem
import Glibc
import Labs
import Synchronization
import Testing

@Suite("Shared lab pieces", .serialized)
struct SharedPiecesTests {
    @Test("a system call error names the call, the errno and its text")
    func systemCallErrorText() {
        #expect(
            "\(SystemCallError("pthread_create", code: EAGAIN))"
                == "pthread_create failed: EAGAIN (Resource temporarily unavailable)")
        #expect(SystemCallError("x", code: 4242).codeName == "errno 4242")
    }

    @Test("check throws with the errno a failing call set")
    func checkUsesErrno() {
        #expect(throws: SystemCallError("close", code: EBADF)) {
            try SystemCallError.check("close") { close(-1) }
        }
    }

    @Test("a mailbox holds the latest value posted")
    func mailbox() {
        let box = Mailbox<[Int]>([])
        box.post([1])
        box.post([1, 2])
        #expect(box.read() == [1, 2])
        let count = box.update { list in
            list.append(3)
            return list.count
        }
        #expect(count == 3)
        #expect(box.read() == [1, 2, 3])
    }

    @Test("a cancellation flag stays raised")
    func cancellationFlag() {
        let flag = CancellationFlag()
        #expect(!flag.isCancelled)
        flag.cancel()
        flag.cancel()
        #expect(flag.isCancelled)
    }

    @Test("the monotonic clock moves forward and sleeps at least as asked")
    func clock() {
        let t0 = MonotonicClock.now()
        MonotonicClock.sleep(nanoseconds: 20_000_000)
        let t1 = MonotonicClock.now()
        #expect(t1 - t0 >= 20_000_000)
        #expect(MonotonicClock.seconds(from: t1, to: t0) == 0)
    }

    @Test("a thread group runs every worker on its own OS thread, started together")
    func threadGroup() throws {
        let tids = Mutex<[Int32: Int]>([:])
        let starts = Mutex<Set<UInt64>>([])
        let group = try OSThreadGroup.start(count: 4, pin: true, name: "test") { worker in
            tids.withLock { $0[cs_gettid(), default: 0] += 1 }
            starts.withLock { _ = $0.insert(worker.startTime) }
        }
        group.join()
        group.join()  // a second join is harmless
        #expect(tids.withLock { $0.count } == 4)
        #expect(!tids.withLock { $0.keys.contains(cs_gettid()) })
        #expect(starts.withLock { $0.count } == 1, "workers saw different start times")
        #expect(group.startTime != nil)
        #expect(group.pinned)
        let allowed = OSThreadGroup.allowedCPUs()
        #expect(allowed.count == OSThreadGroup.allowedCPUCount)
        #expect(group.plannedCPUs == (0..<4).map { allowed[$0 % allowed.count] })
    }

    @Test("pinned workers run on the CPU they were given")
    func pinnedWorkersStayOnTheirCPU() throws {
        let seen = Mutex<[Int: Int]>([:])
        let group = try OSThreadGroup.start(count: 2, pin: true) { worker in
            // Burn a little time so the scheduler would have moved an unpinned thread.
            var x = 0
            for i in 0..<100_000 { x &+= i }
            seen.withLock { $0[worker.index] = Int(cs_current_cpu()) + (x == -1 ? 1 : 0) }
        }
        group.join()
        #expect(seen.withLock { $0 } == [0: group.plannedCPUs[0], 1: group.plannedCPUs[1]])
    }

    @Test("an unpinned group reports that it is not pinned")
    func unpinned() throws {
        let group = try OSThreadGroup.start(count: 2, pin: false) { _ in }
        group.join()
        #expect(!group.pinned)
        #expect(group.plannedCPUs.isEmpty)
    }
}
