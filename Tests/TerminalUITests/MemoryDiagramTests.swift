import Testing

@testable import TerminalUI

@Suite("Memory diagrams")
struct MemoryDiagramTests {
    let processes = MemoryDiagram(spaces: [
        .init(title: "Process A", stacks: ["Stack"], rows: ["Heap", "Data", "Code"], caption: "separate"),
        .init(title: "Process B", stacks: ["Stack"], rows: ["Heap", "Data", "Code"], caption: "separate"),
    ])

    @Test("two processes side by side, each with its own stack, heap, data and code")
    func twoProcesses() {
        let lines = render(processes, width: 44, height: processes.height(for: 44))
        expectLines(
            lines,
            [
                "╭─ Process A ──────╮xxxx╭─ Process B ──────╮",
                "│ ┌──────────────┐ │xxxx│ ┌──────────────┐ │",
                "│ │    Stack     │ │xxxx│ │    Stack     │ │",
                "│ └──────────────┘ │xxxx│ └──────────────┘ │",
                "│       Heap       │xxxx│       Heap       │",
                "│       Data       │xxxx│       Data       │",
                "│       Code       │xxxx│       Code       │",
                "╰──────────────────╯xxxx╰──────────────────╯",
                "xxxxxxseparatexxxxxxxxxxxxxxxxseparatexxxxxx",
            ])
    }

    @Test("threads: two stacks over shared heap, data and code in one box")
    func threads() {
        let d = MemoryDiagram(spaces: [
            .init(title: "Process", stacks: ["T1 stack", "T2 stack"], rows: ["Shared heap", "Shared code"])
        ])
        let lines = render(d, width: 30, height: d.height(for: 30))
        expectLines(
            lines,
            [
                "╭─ Process ──────────────────╮",
                "│ ┌──────────┐ ┌───────────┐ │",
                "│ │ T1 stack │ │ T2 stack  │ │",
                "│ └──────────┘ └───────────┘ │",
                "│        Shared heap         │",
                "│        Shared code         │",
                "╰────────────────────────────╯",
            ])
    }

    @Test("too narrow for side by side, the spaces stack one under another")
    func narrow() {
        #expect(processes.height(for: 30) == 9 + 1 + 9)
        let lines = render(processes, width: 30, height: 19)
        #expect(lines[0].hasPrefix("╭─ Process A"))
        #expect(lines[10].hasPrefix("╭─ Process B"))
    }

    @Test("a highlighted label is drawn reversed")
    func highlight() {
        var canvas = Canvas(width: 44, height: 9)
        processes.highlighting(["Heap"]).draw(in: canvas.bounds, on: &canvas)
        let x = canvas.line(4).distance(
            from: canvas.line(4).startIndex, to: canvas.line(4).firstRange(of: "Heap")!.lowerBound)
        #expect(canvas[x, 4].style.reverse)
        #expect(!canvas[x, 5].style.reverse)
    }
}
