import Curriculum
import Foundation
import TerminalUI
import Testing

@testable import ptt

/// The scheduler game driven by keys, on the fixture scenarios
/// (Fixtures/lessons/scenarios: lost-update, with-lock, opposite-locks, peterson).
@Suite("Scheduler game screen")
struct InterleaveScreenTests {
    /// Opens the lab as a lesson would and picks scenario `id` in the list.
    func game(_ id: String, size: Size = Size(width: 80, height: 24)) throws -> AppModel {
        var m = model(try fixtureLibrary(), size: size)
        _ = m.openLab("interleave")
        let ids = try #require(m.interleave?.scenarios.map(\.id))
        let index = try #require(ids.firstIndex(of: id), "\(ids)")
        for _ in 0..<index { _ = update(&m, .key(.down)) }
        _ = update(&m, .key(.enter))
        #expect(m.interleave?.scenario?.id == id)
        return m
    }

    func press(_ m: inout AppModel, _ keys: String) -> [Effect] {
        keys.flatMap { update(&m, .key(.character($0))) }
    }

    @Test("the picker lists the scenarios easy to hard, and Enter opens one with its goal on screen")
    func picker() throws {
        var m = model(try fixtureLibrary())
        _ = m.openLab("interleave")
        let text = view(m).text
        #expect(text.contains("Two threads, one counter"))
        #expect(text.contains("Peterson's algorithm"))
        #expect(text.range(of: "Two threads, one counter")!.lowerBound < text.range(of: "Peterson")!.lowerBound)
        _ = update(&m, .key(.enter))
        let game = view(m).text
        #expect(game.contains("Goal: final counter != 2"))
        #expect(game.contains("▶ load r counter"))
        #expect(game.contains("counter = 0"))
    }

    @Test("a scenario solved by keys is scored against the explorer's shortest and recorded")
    func solvedByKeys() throws {
        var m = try game("lost-update")
        var effects = press(&m, "12121")
        #expect(!view(m).text.contains("SOLVED"))
        #expect(m.progress.scenarios["lost-update"] == nil)
        effects += press(&m, "2")
        let text = view(m).text
        #expect(text.contains("SOLVED"), "\(text)")
        #expect(text.contains("counter = 1"))
        #expect(effects.contains(.saveProgress))
        let progress = try #require(m.progress.scenarios["lost-update"])
        #expect(progress.status == .done)
        #expect(progress.bestSteps == 6)
        #expect(progress.shortest == 6)
        // The list shows the mark.
        _ = press(&m, "s")
        #expect(view(m).text.contains("✓ 6/6"))
    }

    @Test("undo keeps the abandoned branch: the tree shows both, and Enter goes back to it")
    func undoKeepsBranch() throws {
        var m = try game("lost-update")
        _ = press(&m, "1u2")
        #expect(m.interleave?.game?.nodes.count == 3)
        #expect(m.interleave?.game?.order == [1])
        _ = press(&m, "t")
        let tree = view(m).text
        #expect(tree.contains("Orders tried"))
        #expect(tree.contains("T1 loads 0 from counter"))
        #expect(tree.contains("T2 loads 0 from counter"))
        // Rows: start, T1's step, T2's step; T2's is current. Up chooses T1's.
        _ = update(&m, .key(.up))
        _ = update(&m, .key(.enter))
        #expect(m.interleave?.game?.order == [0])
        #expect(m.interleave?.mode == .playing)
    }

    @Test("hints unlock one at a time, three in all")
    func hints() throws {
        var m = try game("lost-update")
        let hints = try #require(m.interleave?.scenario?.hints)
        #expect(hints.count == 3)
        #expect(!view(m).text.contains("Hint 1"))
        for shown in 1...3 {
            _ = press(&m, "h")
            let text = view(m).text
            #expect(text.contains("Hint \(shown): "), "\(text)")
            #expect(!text.contains("Hint \(shown + 1): "))
        }
        _ = press(&m, "h")
        #expect(view(m).text.contains("all the hints are shown"))
    }

    @Test("w asks first; yes plays a losing order and marks the puzzle shown, not done")
    func showNeedsConfirmation() throws {
        var m = try game("lost-update")
        _ = press(&m, "w")
        #expect(view(m).text.contains("y / n"))
        _ = press(&m, "n")
        #expect(m.interleave?.mode == .playing)
        #expect(m.progress.scenarios["lost-update"] == nil)
        #expect(!m.needsTicks)
        _ = press(&m, "w")
        let effects = press(&m, "y")
        #expect(effects.contains(.saveProgress))
        #expect(m.progress.scenarios["lost-update"]?.status == .shown)
        #expect(m.needsTicks)
        for _ in 0..<(7 * (InterleaveLabState.playDelay + 1)) { _ = update(&m, .tick) }
        #expect(!m.needsTicks)
        #expect(m.interleave?.game?.isSolved == true)
        #expect(m.progress.scenarios["lost-update"]?.status == .shown)
        #expect(view(m).text.contains("shown, not done"))
        // Where no order reaches the goal there is nothing to show, and nothing is asked or marked.
        var locked = try game("with-lock")
        _ = press(&locked, "w")
        #expect(locked.interleave?.mode == .playing)
        #expect(view(locked).text.contains("none to show"))
        #expect(locked.progress.scenarios["with-lock"] == nil)
    }

    @Test("e shows the proof: the count when reachable, the proof of none with the lock; p replays")
    func proof() throws {
        var m = try game("lost-update")
        _ = press(&m, "e")
        let text = view(m).text
        #expect(text.contains("18 of 20 orders end with counter != 2"), "\(text)")
        #expect(m.interleave?.exploration?.shortestFailing.count == 6)
        _ = press(&m, "p")
        #expect(m.needsTicks)
        for _ in 0..<(7 * (InterleaveLabState.playDelay + 1)) { _ = update(&m, .tick) }
        #expect(m.interleave?.game?.isSolved == true)

        var locked = try game("with-lock")
        _ = press(&locked, "e")
        let proof = view(locked).text
        #expect(proof.contains("No order of these"), "\(proof)")
        #expect(proof.contains("cannot happen"))
        #expect(locked.interleave?.exploration?.goalReachable == false)
        #expect(
            !InterleaveScreen.keyMap.hints(try #require(locked.screen(InterleaveScreen.self)), locked).contains {
                $0.key == "p"
            })
    }

    @Test("a thread that cannot run says why; a deadlock is drawn as one")
    func deadlock() throws {
        var m = try game("opposite-locks")
        _ = press(&m, "12")
        let text = view(m).text
        #expect(text.contains("DEADLOCK"), "\(text)")
        #expect(text.contains("lock a: held by T1"))
        _ = press(&m, "1")
        #expect(view(m).text.contains("T1 waits for lock b, held by thread 2 (T2)"), "\(view(m).text)")
    }

    @Test("a state repeated with nothing moving is named a livelock")
    func livelock() throws {
        var m = try game("peterson")
        _ = press(&m, "11222")
        #expect(!view(m).text.contains("LIVELOCK"))
        _ = press(&m, "22")
        #expect(view(m).text.contains("LIVELOCK"), "\(view(m).text)")
    }

    @Test("the lost update can be opened at the shortest failing order, ready to play")
    func openReplay() throws {
        var m = model(try fixtureLibrary())
        let effects = InterleaveLab.openLostUpdateReplay(&m)
        _ = navigate(&m, effects)
        #expect(m.interleave?.scenario?.id == "lost-update")
        #expect(m.interleave?.playing.count == 6)
        #expect(m.needsTicks)
    }

    @Test("x shows the whole text; after the proof it ends with the afterword (Peterson needs fences on real CPUs)")
    func reading() throws {
        var m = try game("peterson")
        _ = press(&m, "x")
        #expect(view(m).text.contains("Gary Peterson's algorithm (1981)"))
        #expect(!view(m).text.contains("fences"))
        #expect(
            !InterleaveScreen.keyMap.hints(try #require(m.screen(InterleaveScreen.self)), m).contains {
                $0.key == "1-2"
            })
        _ = press(&m, "x")
        _ = press(&m, "ex")
        for _ in 0..<30 { _ = update(&m, .key(.down)) }
        let text = view(m).text
        #expect(text.contains("fences"), "\(text)")
        #expect(text.contains("use a mutex"))
        _ = update(&m, .key(.escape))
        #expect(m.interleave?.mode == .playing)
    }

    @Test("at 80×24: the list, a game with a hint, the tree with a branch, a deadlock")
    func snapshots() throws {
        var list = model(try fixtureLibrary())
        _ = list.openLab("interleave")
        try assertSnapshot(view(list), named: "interleave-list-80x24")
        var m = try game("lost-update")
        _ = press(&m, "21h")
        try assertSnapshot(view(m), named: "interleave-game-80x24")
        _ = press(&m, "u2t")
        try assertSnapshot(view(m), named: "interleave-tree-80x24")
        var locks = try game("opposite-locks")
        _ = press(&locks, "12")
        try assertSnapshot(view(locks), named: "interleave-deadlock-80x24")
    }
}
