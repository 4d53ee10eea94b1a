import ArgumentParser
import Curriculum
import Foundation
import Labs

/// `ptt tour [FILE] [--notes]`: walks a tour file's steps on this terminal,
/// or, with `--notes`, follows the tour another ptt is showing and shows the
/// step's speaker notes and the clock.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "A guided tour for a class: lesson excerpts, labs and questions, one step at a time.",
        discussion: """
            Space goes to the next step, Backspace back; Enter opens a step's lab (q there comes back).
            `ptt tour --notes` in a second terminal follows the tour through tour-position.json beside \
            the progress file (PTT_STATE's folder) and shows the speaker notes and the clock.
            The steps are in lessons/tour.md (format: docs/lesson-format.md, "Tour files"); `ptt check` \
            validates it.
            """)

    @Argument(help: "The tour file (default: tour.md in the lessons folder).")
    var file: String?

    @Flag(help: "Follow the tour shown in another terminal: speaker notes and the clock.")
    var notes = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let path = try file ?? (global.lessonsDirectory() + "/tour.md")
        guard let channelPath = Self.channelPath(global) else {
            throw ValidationError("no HOME or PTT_STATE: nowhere to keep the tour position (pass --state FILE)")
        }
        let channel = TourChannel(path: channelPath)
        let library = try global.loadLibrary()
        var model = AppModel(library: library, size: .init(width: 80, height: 24))
        if notes {
            let effects = TourNotesScreen.open(channel: channel, &model)
            try runApp(model: model, global: global, startEffects: effects)
            return
        }
        let parsed = TourParser.load(path: path)
        let problems = parsed.diagnostics + parsed.unknownLabs(known: LabRegistry.standard.names)
        guard let tour = parsed.tour, !tour.steps.isEmpty else {
            throw ValidationError(
                (problems.map(String.init(describing:)) + ["\(path): no tour steps to show"]).joined(separator: "\n"))
        }
        model.bank = global.loadBank(for: library)
        let effects = TourScreen.open(tour: tour, channel: channel, &model)
        if let first = problems.first {
            model.notice =
                "\(problems.count == 1 ? "1 problem" : "\(problems.count) problems") in the tour file (ptt check): \(first)"
        }
        try runApp(model: model, global: global, startEffects: effects)
    }

    /// `tour-position.json` beside the progress file (`--state`, PTT_STATE, the default).
    static func channelPath(_ global: GlobalOptions) -> String? {
        if let state = global.state, !state.isEmpty {
            return URL(fileURLWithPath: state).deletingLastPathComponent().appendingPathComponent("tour-position.json")
                .path
        }
        return TourChannel.defaultPath(environment: ProcessInfo.processInfo.environment)
    }
}

/// What the tour's channel run says when a write failed.
struct TourChannelTrouble: Sendable, Equatable {
    var message: String
}

/// The presenter's side of the tour channel: each control is a position to
/// publish, written (atomically) at once. Runs for as long as the tour
/// screen is open; a failed write is reported once, as progress.
final class TourPublisher: RunningLab {
    private let channel: TourChannel
    private let trouble = Mailbox<String?>(nil)

    init(channel: TourChannel) { self.channel = channel }

    /// Busy only when a failed write waits to be reported: it writes on
    /// controls, so an open tour costs no CPU between steps.
    var isBusy: Bool { trouble.read() != nil }

    func sample() -> [LabOutput] {
        guard
            let message = trouble.update({ value -> String? in
                defer { value = nil }
                return value
            })
        else { return [] }
        return [.progress(TourChannelTrouble(message: message))]
    }

    func control(_ control: LabControl) {
        guard let position = control.value as? TourPosition else { return }
        do {
            try channel.write(position)
        } catch {
            trouble.post(error.description)
        }
    }

    func stop() {}
}

/// What the follower has read from the channel: a position, nothing yet, or a problem.
enum TourFollowed: Sendable, Equatable {
    case waiting
    case position(TourPosition)
    case trouble(String)
}

/// The follower's side: a thread that reads the channel file every half
/// second; the screen samples the latest reading each frame.
final class TourFollower: RunningLab {
    private let latest = Mailbox<TourFollowed?>(nil)
    private let cancel = CancellationFlag()
    private let job: BackgroundJob<Void>

    static let interval: UInt64 = 500_000_000

    init(channel: TourChannel) throws {
        let (latest, cancel) = (latest, cancel)
        job = try BackgroundJob.start(name: "tour-follower") {
            var last: TourFollowed?
            while !cancel.isCancelled {
                let now: TourFollowed
                do {
                    now = try channel.read().map(TourFollowed.position) ?? .waiting
                } catch {
                    now = .trouble(String(describing: error))
                }
                if now != last {
                    latest.post(now)
                    last = now
                }
                // Sleep in short slices so stopping does not wait half a second.
                for _ in 0..<10 where !cancel.isCancelled { MonotonicClock.sleep(nanoseconds: Self.interval / 10) }
            }
        }
    }

    func sample() -> [LabOutput] {
        guard
            let seen = latest.update({ value -> TourFollowed? in
                defer { value = nil }
                return value
            })
        else { return [] }
        return [.progress(seen)]
    }

    func stop() {
        cancel.cancel()
        _ = job.wait()
    }
}
