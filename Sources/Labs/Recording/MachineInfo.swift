import Glibc

/// The machine a lab ran on, for the label on a replay: "recorded on DATE on MACHINE".
public struct MachineInfo: Codable, Sendable, Equatable {
    public var hostname: String
    /// `model name` from /proc/cpuinfo (x86-64), or the implementer and
    /// part numbers an ARM64 kernel gives instead; "unknown" when neither.
    public var cpuModel: String
    /// CPUs online (`sysconf(_SC_NPROCESSORS_ONLN)`).
    public var cpuCount: Int
    /// From `uname(2)`: "Linux", "6.8.0-45-generic", "x86_64".
    public var kernel: String
    public var kernelRelease: String
    public var architecture: String

    public init(
        hostname: String, cpuModel: String, cpuCount: Int, kernel: String, kernelRelease: String, architecture: String
    ) {
        self.hostname = hostname
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.kernel = kernel
        self.kernelRelease = kernelRelease
        self.architecture = architecture
    }

    /// This machine, now.
    public static func current() -> MachineInfo {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return MachineInfo(
            hostname: field(names.nodename), cpuModel: cpuModel(), cpuCount: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            kernel: field(names.sysname), kernelRelease: field(names.release), architecture: field(names.machine))
    }

    /// "ptt-vm (Intel Xeon …, 2 CPUs, Linux 6.8.0)".
    public var summary: String {
        "\(hostname) (\(cpuModel), \(cpuCount) CPU\(cpuCount == 1 ? "" : "s"), \(kernel) \(kernelRelease))"
    }

    static func cpuModel() -> String {
        guard let text = try? ProcFile.read("/proc/cpuinfo") else { return "unknown" }
        var implementer: String?
        var part: String?
        for line in text.split(separator: "\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace }
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "model name": return pair[1]
            case "CPU implementer": implementer = implementer ?? pair[1]
            case "CPU part": part = part ?? pair[1]
            default: break
            }
        }
        if let implementer, let part { return "CPU implementer \(implementer) part \(part)" }
        return "unknown"
    }
}
