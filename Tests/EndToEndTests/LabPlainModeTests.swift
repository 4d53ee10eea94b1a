import Foundation
import Testing

/// `ptt demo NAME --plain` of the counter, process and scheduler labs, run
/// as a learner would: plain lines with the measured figures, no escape
/// sequence, no box drawing; the random schedule and a recorded game from
/// the command line.
@Suite("Plain mode of the counter, process and scheduler labs", .serialized)
struct LabPlainModeTests {
    func plain(_ arguments: [String]) throws -> [String] {
        let result = try runCommand(pttBinary, ["demo"] + arguments + ["--plain"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"), "\(arguments): an escape byte")
        #expect(
            !result.stdout.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) },
            "\(arguments): box drawing or block glyphs")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("race, locked and atomic: a line per tenth of the watched run, then both runs' final figures")
    func counters() throws {
        let race = try plain(["race", "--increments", "100000", "--seconds", "0.5"])
        #expect(race.filter { $0.hasPrefix("t=") }.count <= 10)
        #expect(race.contains { $0.hasPrefix("race slowed-down run") && $0.contains("of 200,000 expected") })
        #expect(race.last?.hasPrefix("race full-speed run finished") == true)
        #expect(race.last?.contains("ns per increment") == true)
        let atomic = try plain(["atomic", "--increments", "1000", "--no-animation"])
        #expect(atomic.count == 2, "no watched run with --no-animation: \(atomic)")
        #expect(atomic.last?.contains("counter 2,000 of 2,000 expected, no update lost") == true)
    }

    @Test("ipc, crash, fork and memory tell PIDs and their figures")
    func processes() throws {
        let ipc = try plain(["ipc", "--items", "20000", "--transport", "socket"])
        #expect(ipc.contains { $0.contains("produced 20,000 items") && $0.contains("consumed 20,000") })
        let crash = try plain(["crash"])
        #expect(crash.contains { $0.hasPrefix("child PID") && $0.contains("killed by SIGSEGV") })
        #expect(crash.contains { $0.hasPrefix("sibling PID") && $0.contains("survived") })
        let fork = try plain(["fork"])
        #expect(fork.contains { $0.contains("reads 42 at 0x") && $0.contains("unchanged") })
        let memory = try plain(["memory", "--threads", "1"])
        #expect(memory.first?.contains("regions read from /proc/") == true)
        #expect(memory.contains { $0.hasPrefix("thread TID ") })
    }

    @Test("interleave: the shortest losing order step by step; --random with a seed repeats")
    func interleave() throws {
        let shortest = try plain(["interleave"])
        #expect(shortest.contains { $0.hasPrefix("step 6, thread ") })
        #expect(shortest.last?.contains("1 update lost") == true)
        let a = try plain(["interleave", "--random", "--seed", "11"])
        let b = try plain(["interleave", "--random", "--seed", "11"])
        #expect(a == b)
        #expect(a.contains { $0.hasPrefix("random schedule, seed 11") })
        let json = try runCommand(pttBinary, ["demo", "interleave", "--random", "--seed", "11", "--json"])
        #expect(json.stdout.contains("\"seed\":11") && json.stdout.contains("\"order\":["))
    }

    @Test("interleave --record FILE saves the order told; --replay FILE tells it again under its label")
    func recordReplay() throws {
        let file = FileManager.default.temporaryDirectory.path + "/ptt-e2e-game-\(getpid()).json"
        defer { unlink(file) }
        let told = try plain(["interleave", "--order", "1,2,1,2,1,2", "--record", file])
        #expect(told.last == "recorded to \(file)")
        let replayed = try plain(["interleave", "--replay", file])
        #expect(replayed.first?.hasPrefix("replay of a run recorded on ") == true)
        #expect(replayed.contains("order 1,2,1,2,1,2"))
        #expect(Array(replayed.suffix(7)) == Array(told.dropLast().suffix(7)), "the same steps and outcome")
    }
}
