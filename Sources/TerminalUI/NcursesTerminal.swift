@preconcurrency import CNcurses
import CSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The real terminal, through ncurses. The only file in ptt that calls curses.
///
/// It draws by diffing each canvas against the last one and writing only the
/// changed cells (`wnoutrefresh`/`doupdate`, never `clear()` per frame). Call it
/// from the main thread only.
public final class NcursesTerminal: Terminal {
    public private(set) var usesColor: Bool
    private let wantsColor: Bool
    private var screen: OpaquePointer?
    private var last: Canvas?
    private var pairs: [ColorRole: Int16] = [:]
    /// The wake pipe's read end (`cs_wake_on_sigwinch`), or -1.
    private var wakeFD: Int32 = -1

    /// - Parameter color: false for `--no-color` / `NO_COLOR`.
    public init(color: Bool) {
        self.wantsColor = color
        self.usesColor = false
    }

    public var size: Size {
        guard screen != nil, let win = cn_stdscr() else { return Size(width: 80, height: 24) }
        return Size(width: Int(cn_getmaxx(win)), height: Int(cn_getmaxy(win)))
    }

    public enum StartError: Error, CustomStringConvertible {
        case noTerminal(String)
        /// The terminal cannot move the cursor (TERM=dumb, say): no full screen.
        case notFullScreen(String)
        public var description: String {
            switch self {
            case .noTerminal(let term): "cannot start the terminal (TERM=\(term)): ncurses could not open it"
            case .notFullScreen(let term):
                "the tutor needs a full-screen terminal, and TERM=\(term) cannot move the cursor"
            }
        }
    }

    public func start() throws {
        Self.chooseLocale()
        // Before curses changes them: what a crash puts back (`cs_fatal_restore_install`).
        _ = cs_fatal_restore_install(STDIN_FILENO)
        // Ours before curses starts, so curses leaves Ctrl-Z to us (see `suspend`).
        ContinueSignal.install()
        guard let scr = newterm(nil, stdout, stdin) else {
            throw StartError.noTerminal(String(cString: getenv("TERM") ?? strdup("unset")))
        }
        screen = scr
        _ = set_term(scr)
        // Without cursor addressing curses draws nothing: say so instead of a blank screen.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            let term = String(cString: getenv("TERM") ?? strdup("unset"))
            stop()
            throw StartError.notFullScreen(term)
        }
        cbreak()
        noecho()
        nonl()
        intrflush(cn_stdscr(), false)
        keypad(cn_stdscr(), true)
        _ = curs_set(0)
        set_escdelay(25)

        Self.teachKeys()
        if wantsColor && has_colors() {
            start_color()
            use_default_colors()
            usesColor = true
            definePairs()
        }
        // After curses installed its SIGWINCH handler: wrap it so a resize also wakes the wait.
        wakeFD = cs_wake_on_sigwinch()
        last = nil
    }

    public func stop() {
        guard let scr = screen else { return }
        _ = curs_set(1)
        endwin()
        delscreen(scr)
        screen = nil
        signal(SIGTSTP, SIG_DFL)
        signal(SIGCONT, SIG_DFL)
        fflush(nil)
        cs_fatal_restore_remove()
    }

    /// `setlocale(LC_ALL, "")`, falling back to C.UTF-8 when the environment
    /// names no UTF-8 locale (CI, a bare tmux): otherwise every box-drawing or
    /// CJK cell would print blank.
    static func chooseLocale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().filter({ $0 != "-" }) != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.utf8") }
        }
    }

    /// Blocks until a key, a resize, a signal or `timeout`. The wait is on
    /// the terminal and the wake pipe together (`waitForEvent`): a SIGWINCH
    /// or SIGTERM wakes it whichever thread of ptt the kernel gave it to, and
    /// even when it came just before the wait began. An idle ptt makes no
    /// system call.
    public func nextEvent(timeout: Double?) -> Event? {
        let start = Self.monotonicSeconds()
        let limit = timeout.map { max(0, min($0, 3600)) }
        while true {
            if let sig = TerminationSignals.pending { return .terminate(signal: sig) }
            if let resumed = resumedEvent() { return resumed }
            let left = limit.map { max(0, $0 - (Self.monotonicSeconds() - start)) }
            if let event = left == 0 || wakeFD < 0 ? readEvent(waiting: left) : waitForEvent(left) { return event }
            if let sig = TerminationSignals.pending { return .terminate(signal: sig) }
            if let resumed = resumedEvent() { return resumed }
            // A size curses missed (a resize while stopped, or a lost signal): drawn now.
            if cn_refit_to_terminal() != 0 {
                last = nil
                _ = clearok(cn_curscr(), true)
                return .resize(size)
            }
            if let limit, Self.monotonicSeconds() - start >= limit { return nil }  // the caller's timeout
        }
    }

    /// Waits for a key or a signal's byte in the wake pipe together (poll),
    /// at most `wait` seconds (nil: no limit). A SIGWINCH or SIGTERM that
    /// lands just before the wait begins has written its byte already, so it
    /// is never lost until the next key, as a signal between curses' check
    /// of its flag and its read would be.
    private func waitForEvent(_ wait: Double?) -> Event? {
        // What curses has read already (the rest of an escape sequence) comes first.
        if let event = readEvent(waiting: 0) { return event }
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, 2, wait.map { Int32($0 * 1000) } ?? -1)
        guard ready > 0 else { return nil }  // the time ran out, or a signal broke the wait
        if fds[1].revents != 0 { _ = cs_wake_drain() }
        // A key, or curses' KEY_RESIZE after the SIGWINCH that woke us.
        return readEvent(waiting: 0)
    }

    static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// One read of at most `waiting` seconds (nil: until a key or a signal):
    /// a key, a resize, or nil (the time ran out, or a signal broke the read).
    private func readEvent(waiting: Double?) -> Event? {
        wtimeout(cn_stdscr(), waiting.map { Int32($0 * 1000) } ?? -1)
        var ch: wint_t = 0
        let rc = wget_wch(cn_stdscr(), &ch)
        if let sig = TerminationSignals.pending { return .terminate(signal: sig) }
        switch rc {
        case KEY_CODE_YES:
            return Self.functionKey(Int32(ch)).map { key in
                if case .function(-1) = key {
                    // Several resizes in a row can leave curses' idea of the
                    // screen behind the terminal's: the next frame is drawn whole.
                    _ = clearok(cn_curscr(), true)
                    last = nil
                    return .resize(size)
                }
                return .key(key)
            }
        case OK where ch == 27:
            return readEscape().map { .key($0) }
        case OK:
            return Self.characterKey(UInt32(ch)).map { .key($0) }
        default:
            return nil  // timeout or EINTR (SIGCONT after Ctrl-Z and fg): the caller looks
        }
    }

    /// Ctrl-Z: gives the terminal back, stops, and (on `fg`) takes it again.
    /// Done here rather than in a signal handler, so the read in progress
    /// ends and the screen is drawn again at once, at the size of now.
    private func suspend() {
        endwin()
        fflush(nil)
        ContinueSignal.stop()
        _ = refresh()
    }

    /// After `fg`: the whole screen drawn again, at the size the terminal has
    /// now (it may have been resized while ptt was stopped).
    private func resumedEvent() -> Event? {
        if ContinueSignal.takeStop() { suspend() }
        guard ContinueSignal.take() else { return nil }
        _ = cn_refit_to_terminal()
        last = nil
        _ = clearok(cn_curscr(), true)
        return .resize(size)
    }

    /// Sequences that terminfo entries often lack (tmux sends `ESC [ 4 ~` for
    /// End, which xterm-256color does not list): taught to curses, so they
    /// arrive as keys.
    static let extraSequences: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
        ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
        ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
    ]

    static func teachKeys() {
        for (sequence, code) in extraSequences where key_defined(sequence) == 0 {
            _ = define_key(sequence, code)
        }
    }

    /// After an Esc that curses could not match to a key (it waited
    /// ESCDELAY for the rest): Esc alone is Esc; the rest of an unknown
    /// escape sequence (`ESC [ … final`, `ESC O x`) is swallowed whole, so
    /// its bytes never arrive as keys; Esc and a plain character (Alt+x) is
    /// taken as Esc, the character kept for the next read.
    private func readEscape() -> Key? {
        wtimeout(cn_stdscr(), 0)
        defer { wtimeout(cn_stdscr(), -1) }
        var ch: wint_t = 0
        guard wget_wch(cn_stdscr(), &ch) == OK else { return .escape }
        switch ch {
        case 0x5B:  // '[': a CSI sequence: parameters, intermediates, then a final byte 0x40–0x7E.
            var parts = 0
            while wget_wch(cn_stdscr(), &ch) == OK, parts < 32 {
                parts += 1
                if (0x40...0x7E).contains(ch) { break }
            }
            return nil
        case 0x4F:  // 'O': an SS3 sequence, one more byte.
            _ = wget_wch(cn_stdscr(), &ch)
            return nil
        default:
            _ = unget_wch(wchar_t(bitPattern: UInt32(ch)))
            return .escape
        }
    }

    static func characterKey(_ v: UInt32) -> Key? {
        switch v {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(v + 96)!))
        default:
            guard let scalar = Unicode.Scalar(v) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Maps curses key codes; `.function(-1)` stands for KEY_RESIZE.
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case cn_key_resize(): return .function(-1)
        default:
            for n in 1...12 where code == cn_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    public func present(_ canvas: Canvas) {
        guard screen != nil else { return }
        let current = size
        var frame = canvas
        if canvas.size != current {
            // The terminal changed under us: fit the frame, draw it all.
            frame = Canvas(size: current)
            frame.blit(canvas, at: Point(x: 0, y: 0))
            last = nil
        }
        for change in Canvas.diff(from: last, to: frame) {
            write(change.cell, x: change.x, y: change.y)
        }
        last = frame
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    private func write(_ cell: Cell, x: Int, y: Int) {
        var (attrs, pair) = attributes(for: cell.style)
        if !usesColor { pair = 0 }
        var wch: [wchar_t] = cell.character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        wch.append(0)
        _ = cn_put_cell(Int32(y), Int32(x), wch, attrs, pair)
    }

    private func attributes(for style: Style) -> (attr_t, Int16) {
        var a = cn_a_normal()
        if style.bold { a |= cn_a_bold() }
        if style.dim { a |= cn_a_dim() }
        if style.reverse { a |= cn_a_reverse() }
        if style.underline { a |= cn_a_underline() }
        if style.italic { a |= cn_a_italic() }
        let theme = Self.theme(style.role)
        if usesColor {
            if theme.colorBold { a |= cn_a_bold() }
            if theme.colorDim { a |= cn_a_dim() }
        } else {
            switch theme.mono {
            case .none: break
            case .bold: a |= cn_a_bold()
            case .dim: a |= cn_a_dim()
            case .reverse: a |= cn_a_reverse()
            case .underline: a |= cn_a_underline()
            case .boldReverse: a |= cn_a_bold() | cn_a_reverse()
            case .boldUnderline: a |= cn_a_bold() | cn_a_underline()
            }
        }
        return (a, pairs[style.role] ?? 0)
    }

    enum Mono { case none, bold, dim, reverse, underline, boldReverse, boldUnderline }

    struct Theme {
        var fg: Int16
        var bg: Int16
        var colorBold = false
        var colorDim = false
        var mono: Mono = .none
    }

    /// One place that says how each role looks, with and without colour.
    static func theme(_ role: ColorRole) -> Theme {
        let d: Int16 = -1
        switch role {
        case .normal: return Theme(fg: d, bg: d)
        case .title: return Theme(fg: Int16(COLOR_CYAN), bg: d, colorBold: true, mono: .bold)
        case .heading: return Theme(fg: Int16(COLOR_YELLOW), bg: d, colorBold: true, mono: .boldUnderline)
        case .subheading: return Theme(fg: Int16(COLOR_CYAN), bg: d, colorBold: true, mono: .bold)
        case .strong: return Theme(fg: d, bg: d, colorBold: true, mono: .bold)
        case .emphasis: return Theme(fg: Int16(COLOR_CYAN), bg: d, mono: .underline)
        case .code: return Theme(fg: Int16(COLOR_GREEN), bg: d)
        case .codeLabel: return Theme(fg: Int16(COLOR_MAGENTA), bg: d, mono: .dim)
        case .dim: return Theme(fg: d, bg: d, colorDim: true, mono: .dim)
        case .accent: return Theme(fg: Int16(COLOR_CYAN), bg: d, colorBold: true, mono: .bold)
        case .thread: return Theme(fg: Int16(COLOR_BLUE), bg: d, colorBold: true, mono: .bold)
        case .process: return Theme(fg: Int16(COLOR_MAGENTA), bg: d, colorBold: true, mono: .bold)
        case .ok: return Theme(fg: Int16(COLOR_GREEN), bg: d, colorBold: true, mono: .bold)
        case .warn: return Theme(fg: Int16(COLOR_YELLOW), bg: d, colorBold: true, mono: .bold)
        case .bad: return Theme(fg: Int16(COLOR_RED), bg: d, colorBold: true, mono: .bold)
        case .note: return Theme(fg: Int16(COLOR_CYAN), bg: d, mono: .none)
        case .selection: return Theme(fg: Int16(COLOR_BLACK), bg: Int16(COLOR_CYAN), mono: .reverse)
        case .statusBar: return Theme(fg: Int16(COLOR_BLACK), bg: Int16(COLOR_WHITE), mono: .reverse)
        case .statusKey:
            return Theme(fg: Int16(COLOR_BLUE), bg: Int16(COLOR_WHITE), colorBold: true, mono: .boldReverse)
        case .border: return Theme(fg: Int16(COLOR_BLUE), bg: d, mono: .none)
        }
    }

    private func definePairs() {
        for (i, role) in ColorRole.allCases.enumerated() {
            let t = Self.theme(role)
            let n = Int16(i + 1)
            guard Int32(n) < cn_color_pairs() else { break }
            init_pair(n, t.fg, t.bg)
            pairs[role] = n
        }
    }
}

/// Set by SIGCONT (the shell's `fg`), taken by the loop: a resize while ptt
/// was stopped sends it no SIGWINCH, so the size is read again on resume.
/// The handler has no `SA_RESTART`: a blocking read returns EINTR and the
/// loop wakes up at once.
enum ContinueSignal {
    private static let continued = Atomic<Bool>(false)
    private static let stopRequested = Atomic<Bool>(false)

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            ContinueSignal.continued.store(true, ordering: .relaxed)
            cs_wake()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGCONT, &action, nil)
        installStop()
    }

    private static func installStop() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            ContinueSignal.stopRequested.store(true, ordering: .relaxed)
            cs_wake()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTSTP, &action, nil)
    }

    static func take() -> Bool { continued.exchange(false, ordering: .relaxed) }

    static func takeStop() -> Bool { stopRequested.exchange(false, ordering: .relaxed) }

    /// Stops the process as Ctrl-Z would (default SIGTSTP) until SIGCONT.
    static func stop() {
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        installStop()
    }
}
