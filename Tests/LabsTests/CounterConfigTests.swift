import Foundation
import Labs
import Testing

@Suite("Counter config")
struct CounterConfigTests {
    @Test(
        "validate rejects values out of range and names the field",
        arguments: [
            (0, 1, "threads must be between 1 and 64, got 0"),
            (65, 1, "threads must be between 1 and 64, got 65"),
            (-3, 1, "threads must be between 1 and 64, got -3"),
            (2, 0, "incrementsPerThread must be between 1 and 1000000000, got 0"),
            (2, 1_000_000_001, "incrementsPerThread must be between 1 and 1000000000, got 1000000001"),
        ])
    func rejects(threads: Int, increments: Int, message: String) {
        let config = CounterConfig(kind: .race, threads: threads, incrementsPerThread: increments)
        #expect {
            try config.validate()
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test("validate accepts the ends of each range")
    func acceptsEnds() throws {
        try CounterConfig(kind: .locked, threads: 1, incrementsPerThread: 1).validate()
        try CounterConfig(kind: .atomic, threads: 64, incrementsPerThread: 1_000_000_000).validate()
    }

    @Test("validate rejects a pacing duration out of range")
    func rejectsPacing() {
        #expect(throws: LabConfigError.self) {
            try CounterConfig(kind: .race, pacing: .paced(seconds: 0)).validate()
        }
        #expect(throws: LabConfigError.self) {
            try CounterConfig(kind: .race, pacing: .paced(seconds: .nan)).validate()
        }
    }

    @Test("a config decodes with pin and pacing left out")
    func decodesDefaults() throws {
        let json = #"{"kind":"locked","threads":3,"incrementsPerThread":7}"#
        let config = try JSONDecoder().decode(CounterConfig.self, from: Data(json.utf8))
        #expect(config == CounterConfig(kind: .locked, threads: 3, incrementsPerThread: 7))
        #expect(config.pin && config.pacing == .fullSpeed)
    }

    @Test("a config round-trips through JSON, pacing included")
    func roundTrips() throws {
        let config = CounterConfig(
            kind: .race, threads: 4, incrementsPerThread: 9, pin: false, pacing: .paced(seconds: 2.5))
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(CounterConfig.self, from: data) == config)
    }

    @Test("kinds are named race, locked, atomic")
    func kindNames() {
        #expect(CounterKind.allCases.map(\.rawValue) == ["race", "locked", "atomic"])
    }
}
