import Glibc

/// What a measurement ran on and how it was timed, for the report and for
/// the screen's honesty note (a debug build's numbers mean little; a VM adds
/// noise; the CPU count bounds any speed-up).
public struct MeasurementEnvironment: Codable, Sendable, Equatable {
    /// The clock every duration was read from.
    public var clock = "CLOCK_MONOTONIC"
    /// CPUs this process may run on (`sched_getaffinity`).
    public var cpus: Int
    /// CPUs online (`sysconf(_SC_NPROCESSORS_ONLN)`).
    public var onlineCPUs: Int
    /// True when the machine says it is a virtual machine, false when it says
    /// nothing of the kind, nil when it cannot tell.
    public var virtualMachine: Bool?
    /// How that was told: "hypervisor flag in /proc/cpuinfo", the DMI product name, …
    public var virtualMachineEvidence: String?
    /// "debug" or "release": how ptt's Labs module was compiled.
    public var build: String
    public var kernel: String
    public var arch: String

    /// True for a debug build, whose numbers are not meaningful.
    public var isDebugBuild: Bool { build == "debug" }

    public init(
        cpus: Int, onlineCPUs: Int, virtualMachine: Bool?, virtualMachineEvidence: String?, build: String,
        kernel: String, arch: String
    ) {
        self.cpus = cpus
        self.onlineCPUs = onlineCPUs
        self.virtualMachine = virtualMachine
        self.virtualMachineEvidence = virtualMachineEvidence
        self.build = build
        self.kernel = kernel
        self.arch = arch
    }

    /// "debug" or "release", as this module was compiled.
    public static var buildKind: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    /// This machine, now.
    public static func current() -> MeasurementEnvironment {
        var names = utsname()
        _ = uname(&names)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let vm = detectVirtualMachine()
        return MeasurementEnvironment(
            cpus: OSThreadGroup.allowedCPUCount, onlineCPUs: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            virtualMachine: vm.isVM, virtualMachineEvidence: vm.evidence, build: buildKind,
            kernel: text(names.release), arch: text(names.machine))
    }

    /// The `hypervisor` CPU flag (x86: set by every common hypervisor), then
    /// the DMI vendor and product names, then the device tree's hypervisor node (ARM).
    static func detectVirtualMachine() -> (isVM: Bool?, evidence: String?) {
        if let cpuinfo = ProcFiles.read("/proc/cpuinfo") {
            for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
                if line.split(separator: " ").contains("hypervisor") {
                    return (true, "hypervisor flag in /proc/cpuinfo")
                }
            }
        }
        let known = [
            "kvm", "qemu", "vmware", "virtualbox", "xen", "hyper-v", "microsoft", "firecracker", "bochs",
            "amazon ec2", "google compute", "parallels",
        ]
        for path in ["/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/product_name"] {
            guard let name = ProcFiles.read(path)?.trimmingWhitespace, !name.isEmpty else { continue }
            if known.contains(where: { name.lowercased().contains($0) }) { return (true, "\(path): \(name)") }
        }
        if access("/proc/device-tree/hypervisor", F_OK) == 0 { return (true, "/proc/device-tree/hypervisor") }
        if access("/sys/class/dmi/id/product_name", F_OK) == 0 { return (false, "no hypervisor flag or VM vendor") }
        return (nil, nil)
    }
}
