import TerminalUI

/// The diagrams lessons name in ```` ```diagram NAME ```` fences, drawn by ptt.
enum DiagramCatalog {
    static func widget(_ name: String) -> MemoryDiagram? {
        switch name {
        case "process-layout":
            let space = { (title: String) in
                MemoryDiagram.Space(
                    title: title, stacks: ["Stack"], rows: ["Heap", "Data", "Code"],
                    caption: "its own address space")
            }
            return MemoryDiagram(spaces: [space("Process A"), space("Process B")])
        case "thread-layout":
            return MemoryDiagram(spaces: [
                MemoryDiagram.Space(
                    title: "Process", stacks: ["Thread 1 stack", "Thread 2 stack"],
                    rows: ["Shared heap", "Shared data", "Shared code"],
                    caption: "one address space, shared by its threads")
            ])
        default:
            return nil
        }
    }
}
