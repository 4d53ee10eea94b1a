import CSystem
import Glibc
import Synchronization

/// Memory shared between processes: a `memfd` mapped `MAP_SHARED`. ptt creates
/// it and hands the descriptor to a child, which maps the same pages from it
/// (anonymous shared memory would not survive the child's `exec`).
///
/// Read and written as 64-bit words with atomic loads and stores (the C
/// builtins, through `CSystem`): the processes run at the same time.
///
/// ```swift
/// let board = try SharedMemory.create(name: "ptt-ipc", size: 4096)
/// board.store(42, at: 8)                      // parent
/// // child: let same = try SharedMemory.map(descriptor: 4, size: 4096)
/// //        same.load(at: 8) == 42
/// ```
///
/// Unmapped and closed when dropped.
public final class SharedMemory: @unchecked Sendable {
    // @unchecked: the words are only touched through atomic loads and stores.
    public let base: UnsafeMutableRawPointer
    public let size: Int
    private let ownedDescriptor: Atomic<Int32>

    private init(descriptor: Int32, base: UnsafeMutableRawPointer, size: Int) {
        ownedDescriptor = Atomic(descriptor)
        self.base = base
        self.size = size
    }

    /// The memfd to hand to a child, or -1 once closed (or for a mapping made
    /// in a child from an inherited descriptor).
    public var descriptor: Int32 { ownedDescriptor.load(ordering: .acquiring) }

    /// A new zero-filled region of `size` bytes (`memfd_create` with
    /// close-on-exec, `ftruncate`, `mmap`).
    public static func create(name: String, size: Int) throws(SystemCallError) -> SharedMemory {
        let fd = try SystemCallError.check("memfd_create") { cs_memfd_create(name) }
        do {
            try SystemCallError.check("ftruncate") { ftruncate(fd, off_t(size)) }
            return SharedMemory(descriptor: fd, base: try mapping(fd, size), size: size)
        } catch {
            close(fd)
            throw error
        }
    }

    /// Maps `size` bytes of an inherited descriptor (in a child). The
    /// descriptor is closed once mapped: the mapping keeps the memory.
    public static func map(descriptor fd: Int32, size: Int) throws(SystemCallError) -> SharedMemory {
        let base = try mapping(fd, size)
        close(fd)
        return SharedMemory(descriptor: -1, base: base, size: size)
    }

    private static func mapping(_ fd: Int32, _ size: Int) throws(SystemCallError) -> UnsafeMutableRawPointer {
        let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let address, address != MAP_FAILED else { throw SystemCallError("mmap", code: errno) }
        return address
    }

    /// Closes the descriptor once the children have their own copies; the
    /// mapping stays. Closing twice does nothing.
    public func closeDescriptor() {
        let fd = ownedDescriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }

    /// The 64-bit word at `index` (byte offset `index * 8`).
    @inline(__always)
    public func word(_ index: Int) -> UnsafeMutablePointer<UInt64> {
        (base + index * 8).assumingMemoryBound(to: UInt64.self)
    }

    @inline(__always)
    public func load(at index: Int) -> UInt64 { cs_load_acquire(word(index)) }

    @inline(__always)
    public func store(_ value: UInt64, at index: Int) { cs_store_release(word(index), value) }

    deinit {
        closeDescriptor()
        munmap(base, size)
    }
}
