import Foundation

/// One program of the C baselines (`../shared/baselines/NAME.c`), compiled
/// into a temporary folder for one run of `ptt bench`, so its numbers come
/// from the same machine at the same time as Swift's.
///
/// ```swift
/// switch CBaseline.prepare("pipe", directory: dir) {
/// case .success(let pipe): let json = try pipe.run(["200000", "256"], decoding: PipeOutput.self)
/// case .failure(let why): print("no C column: \(why.message)")
/// }
/// ```
struct CBaseline {
    /// Why there is no C column, said in one line.
    struct Unavailable: Error {
        var message: String
    }

    /// A failed run of the compiled program.
    struct RunError: Error, CustomStringConvertible {
        var description: String
    }

    let source: String
    let compiler: String
    let folder: URL
    let binary: URL

    /// Compiles `directory/NAME.c` with `$CC` (default `cc`) `-O2 -pthread`.
    static func prepare(_ name: String, directory: String?) -> Result<CBaseline, Unavailable> {
        guard let directory else {
            return .failure(
                Unavailable(message: "no baselines folder (no package root above this binary); pass --baselines DIR"))
        }
        let source = URL(fileURLWithPath: directory).appendingPathComponent("\(name).c").path
        guard FileManager.default.fileExists(atPath: source) else {
            return .failure(Unavailable(message: "\(source) not found; pass --baselines DIR"))
        }
        let env = ProcessInfo.processInfo.environment["CC"] ?? ""
        let compiler = env.isEmpty ? "cc" : env
        guard let compilerPath = executablePath(compiler) else {
            return .failure(Unavailable(message: "no C compiler: '\(compiler)' not found on PATH"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptt-bench-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return .failure(Unavailable(message: "cannot create \(folder.path): \(error.localizedDescription)"))
        }
        let program = CBaseline(
            source: source, compiler: compiler, folder: folder, binary: folder.appendingPathComponent(name))
        let build = spawn(compilerPath, ["-O2", "-pthread", "-o", program.binary.path, source])
        guard build.status == 0 else {
            program.remove()
            let why = build.output.split(separator: "\n").first.map(String.init) ?? "exit status \(build.status)"
            return .failure(Unavailable(message: "\(compiler) could not build \(source): \(why)"))
        }
        return .success(program)
    }

    /// Runs the program with `arguments` and decodes the JSON line it prints.
    func run<Output: Decodable>(_ arguments: [String], decoding: Output.Type) throws -> Output {
        let result = Self.spawn(binary.path, arguments)
        guard result.status == 0 else { throw RunError(description: "exit status \(result.status)") }
        guard let line = result.output.split(separator: "\n").first(where: { $0.hasPrefix("{") }),
            let output = try? JSONDecoder().decode(Output.self, from: Data(line.utf8))
        else { throw RunError(description: "unexpected output: \(result.output.prefix(200))") }
        return output
    }

    /// Deletes the temporary folder and the binary in it.
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// `name` itself if it holds a slash, else the first match on PATH.
    private static func executablePath(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first(where: FileManager.default.isExecutableFile)
    }

    /// Runs a program to the end; stdout and stderr together as `output`.
    private static func spawn(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "\(path): \(error.localizedDescription)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
