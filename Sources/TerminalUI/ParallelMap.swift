import Dispatch
import Foundation

extension Array {
    /// `map(transform)`, run by one thread per CPU (at most 8) when the array
    /// has at least `minimumCount` elements, in order either way.
    ///
    /// For pure work on values, like measuring the widgets of a long
    /// document: `transform` is called from several threads at once, so it
    /// must only read what it is given.
    ///
    ///     let heights = widgets.mapInParallel(minimumCount: 4096) { $0.height(for: 80) }
    public func mapInParallel<T>(minimumCount: Int, _ transform: (Element) -> T) -> [T] {
        guard count >= Swift.max(2, minimumCount), parallelMapThreads > 1 else { return map(transform) }
        let threads = parallelMapThreads
        // More slices than threads: a slice of slow elements does not hold the others up.
        let slices = threads * 8
        let n = count
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress!
            nonisolated(unsafe) let elements = self
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: slices) { k in
                    for i in (k * n / slices)..<((k + 1) * n / slices) {
                        (base + i).initialize(to: transform(elements[i]))
                    }
                }
            }
            initialized = n
        }
    }
}

/// Threads for `mapInParallel`: the CPUs this process may use, at most 8.
/// Asked once (Foundation reads the cgroup's CPU quota files to answer), not
/// on every layout.
private let parallelMapThreads = min(8, ProcessInfo.processInfo.activeProcessorCount)
