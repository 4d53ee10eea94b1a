extension SchedulerMachine {
    /// What `thread` (0-based) does when it steps from `state`, in one
    /// sentence for the game's log: "T1 loads 0 from counter into r". When it
    /// cannot run, why not: "T2 waits: lock m is held by T1".
    public func narrate(_ thread: Int, from state: MachineState) -> String {
        let code = program.threads[thread]
        let name = code.name
        switch readiness(of: thread, in: state) {
        case .runnable: break
        case .finished: return "\(name) has finished"
        case .waitingForLock(let lock, let owner):
            return "\(name) waits: lock \(program.locks[lock]) is held by \(program.threads[owner].name)"
        case .waitingForNotify(let condition):
            return "\(name) sleeps until someone notifies \(program.conditions[condition])"
        case .faulted: return "\(name) has stopped: it released a lock it did not hold"
        }
        let me = state.threads[thread]
        let after = step(thread, from: state)!
        func variable(_ v: Int) -> String { program.variables[v] }
        func register(_ r: Int) -> String { code.registers[r] }
        switch code.instructions[me.pc] {
        case .load(let r, let v):
            return "\(name) loads \(state.values[v]) from \(variable(v)) into \(register(r))"
        case .store(let v, let r):
            let old = state.values[v]
            let new = me.registers[r]
            return old == new
                ? "\(name) stores \(new) into \(variable(v)) (it already held \(old))"
                : "\(name) stores \(new) into \(variable(v)), which held \(old)"
        case .add(let r, let n):
            return "\(name) adds \(n) to \(register(r)): \(me.registers[r]) → \(after.threads[thread].registers[r])"
        case .set(let v, let n):
            return "\(name) sets \(variable(v)) to \(n)"
        case .increment(let v):
            return "\(name) increments \(variable(v)) in one step: \(state.values[v]) → \(after.values[v])"
        case .lock(let l):
            return "\(name) takes lock \(program.locks[l])"
        case .unlock(let l):
            return after.threads[thread].status == .faulted
                ? "\(name) releases lock \(program.locks[l]), which it does not hold: it stops"
                : "\(name) releases lock \(program.locks[l])"
        case .wait(let c, let l):
            if me.status == .woken { return "\(name) wakes up and takes lock \(program.locks[l]) again" }
            return "\(name) releases lock \(program.locks[l]) and sleeps until \(program.conditions[c]) is notified"
        case .notify(let c):
            let woken = after.threads.indices.filter {
                after.threads[$0].status == .woken && state.threads[$0].status != .woken
            }
            let names = woken.map { program.threads[$0].name }
            return names.isEmpty
                ? "\(name) notifies \(program.conditions[c]): nobody is waiting, so nothing happens"
                : "\(name) notifies \(program.conditions[c]): \(names.joined(separator: ", ")) wake\(names.count == 1 ? "s" : "") up"
        case .branch(let operand, let comparison, let value, let target):
            let (label, current): (String, Int) =
                switch operand {
                case .shared(let v): (variable(v), state.values[v])
                case .register(let r): (register(r), me.registers[r])
                }
            let holds = comparison.holds(current, value)
            let test = "\(label) \(comparison.rawValue) \(value)"
            return holds
                ? "\(name) checks \(test): \(label) is \(current), so it jumps to \(labelName(target, in: code))"
                : "\(name) checks \(test): \(label) is \(current), so it goes on"
        case .jump(let target):
            return "\(name) jumps to \(labelName(target, in: code))"
        case .enterCritical:
            return "\(name) enters its critical section"
        case .leaveCritical:
            return "\(name) leaves its critical section"
        }
    }

    private func labelName(_ target: Int, in code: ThreadProgram) -> String {
        code.labels.filter { $0.value == target }.map(\.key).sorted().first ?? "instruction \(target + 1)"
    }
}
