import Labs

/// Presenter mode on the memory lab: the regions read, a thread stack reserved against resident, the threads sharing it all.
extension MemoryScreen {
    func presenterTitle(_ app: AppModel) -> String {
        "Lab: memory — " + (lab.showChild ? "the child's address space" : "ptt's own address space")
    }

    func presenterFigures(_ app: AppModel) -> [PresenterFigure] {
        guard let r = lab.report else { return [] }
        let regions = lab.showChild ? r.child.regions.count : r.regions.count
        let pid = lab.showChild ? r.child.pid : r.pid
        var figures = [PresenterFigure("regions in /proc/\(pid)/maps", grouped(regions), unit: "regions")]
        if let stack = r.threadStacks.first {
            figures.append(
                PresenterFigure(
                    "thread TID \(stack.tid)'s stack: reserved", measured: MemoryScreen.bytes(stack.size), role: .thread
                ))
            if let rss = stack.rss {
                figures.append(PresenterFigure("of it resident", measured: MemoryScreen.bytes(rss), role: .accent))
            }
        }
        figures.append(
            PresenterFigure("threads in one address space", String(r.tasks.count), unit: "tasks", role: .thread))
        return figures
    }
}
