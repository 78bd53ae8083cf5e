// crm — a terminal-first CRM. Licensed under the MIT License.

extension App {
    /// Draws the whole frame: tab bar, screen, overlay, hint bar and status line.
    public func draw(on canvas: any Canvas) {
        canvas.clear()
        canvas.setCursor(x: 0, y: 0, visible: false)
        guard canvas.width >= Self.minimumWidth, canvas.height >= Self.minimumHeight else {
            return drawTooSmall(on: canvas)
        }
        drawTabs(on: canvas)
        let content = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 3)
        topScreen.draw(on: canvas, in: content)
        overlay?.draw(on: canvas, in: content)
        drawHints(on: canvas, y: canvas.height - 2)
        drawStatus(on: canvas, y: canvas.height - 1)
    }

    private func drawTooSmall(on canvas: any Canvas) {
        let lines = [
            "Terminal too small: \(canvas.width)x\(canvas.height).",
            "crm needs at least \(Self.minimumWidth)x\(Self.minimumHeight).",
            "Enlarge the window; ctrl+c quits.",
        ]
        let top = max(0, (canvas.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let x = max(0, (canvas.width - DisplayWidth.of(line)) / 2)
            canvas.put(line, x: x, y: top + index, style: index == 0 ? .error : .normal)
        }
    }

    private func drawTabs(on canvas: any Canvas) {
        canvas.put(" crm ", x: 0, y: 0, style: .bar)
        var x = 6
        for id in ScreenID.allCases {
            let label = " \(id.rawValue) \(id.title) "
            let active = id == current && stack.isEmpty
            canvas.put(label, x: x, y: 0, style: active ? .selected : (id == current ? .accent : .normal))
            x += DisplayWidth.of(label)
        }
        let unread = context.unreadCount
        if unread > 0 {
            let badge = " !\(unread) "
            canvas.put(badge, x: max(x, canvas.width - DisplayWidth.of(badge)), y: 0, style: .warning)
        }
    }

    /// Screen hints from the left, global ones (help, search, quit) always at the right end.
    private func drawHints(on canvas: any Canvas, y: Int) {
        let groups = hintGroups
        let globalWidth = groups.global.reduce(0) { $0 + Self.hintWidth($1) }
        let globalStart = canvas.width - globalWidth
        _ = drawHintRun(groups.global, on: canvas, x: globalStart, y: y, limit: canvas.width)
        _ = drawHintRun(groups.screen, on: canvas, x: 1, y: y, limit: globalStart)
    }

    private static func hintWidth(_ binding: KeyBinding) -> Int {
        DisplayWidth.of(binding.keys.first?.label ?? "") + DisplayWidth.of(binding.shortDescription) + 3
    }

    private func drawHintRun(_ bindings: [KeyBinding], on canvas: any Canvas, x start: Int, y: Int, limit: Int) -> Int {
        var x = start
        for binding in bindings {
            let key = binding.keys.first?.label ?? ""
            let width = Self.hintWidth(binding)
            if x + width > limit { break }
            canvas.put(key, x: x, y: y, style: binding.disabledReason != nil ? .dim : .accent)
            canvas.put(binding.shortDescription, x: x + DisplayWidth.of(key) + 1, y: y, style: .dim)
            x += width
        }
        return x
    }

    private func drawStatus(on canvas: any Canvas, y: Int) {
        canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .bar)
        let message = status.map { " " + $0.text } ?? (stack.isEmpty ? "" : " " + topScreen.title)
        let room = max(24, min(canvas.width - DisplayWidth.of(message) - 2, canvas.width * 2 / 3))
        let right = sessionText(width: room)
        let rightWidth = DisplayWidth.of(right)
        canvas.put(right, x: canvas.width - rightWidth, y: y, style: .bar)
        canvas.put(
            message, x: 0, y: y, width: canvas.width - rightWidth - 1, style: status?.isError == true ? .error : .bar)
    }

    /// "user · database · sync " in at most `width` cells; the database path gives way first,
    /// keeping its end (the file name).
    func sessionText(width: Int) -> String {
        let session = context.session
        let fixed = "\(session.userName) ·  · \(session.syncState) "
        let pathRoom = width - DisplayWidth.of(fixed)
        guard pathRoom >= 4 else {
            return DisplayWidth.truncate("\(session.userName) · \(session.syncState) ", to: width)
        }
        var path = session.database
        if DisplayWidth.of(path) > pathRoom {
            path = "…" + String(path.suffix(pathRoom - 1))
            while DisplayWidth.of(path) > pathRoom { path = "…" + String(path.dropFirst(2)) }
        }
        return "\(session.userName) · \(path) · \(session.syncState) "
    }
}
