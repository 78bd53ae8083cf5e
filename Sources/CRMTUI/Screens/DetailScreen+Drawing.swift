// crm — a terminal-first CRM. Licensed under the MIT License.

extension DetailScreen {
    public func draw(on canvas: any Canvas, in rect: Rect) {
        guard let detail else {
            canvas.put(
                "Could not load this \(ref.kind.noun): \(loadError ?? "unknown error")", x: rect.x + 1, y: rect.y + 1,
                width: rect.width - 2, style: .error)
            return
        }
        canvas.put(
            ref.kind.noun.uppercased() + "  " + detail.title, x: rect.x + 1, y: rect.y, width: rect.width - 2,
            style: .header)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let areas = Self.layout(body, fields: detail.fields.count, groups: detail.related.count)
        drawFields(detail, on: canvas, in: areas.fields)
        drawTimeline(detail, on: canvas, in: areas.timeline)
        for (index, area) in areas.related.enumerated() {
            drawRelated(detail.related[index], index: index, on: canvas, in: area)
        }
    }

    /// Where each pane goes.
    ///
    /// Wide (120 columns and more): fields over the related lists on the left, the timeline on
    /// the right. Narrower: fields on top, the related lists side by side under them, the
    /// timeline below.
    static func layout(_ body: Rect, fields: Int, groups: Int) -> (fields: Rect, timeline: Rect, related: [Rect]) {
        if body.width >= 120 {
            let parts = body.columns(2)
            guard groups > 0 else { return (parts[0], parts[1], []) }
            let (top, rest) = parts[0].splitTop(min(fields + 2, parts[0].height / 2))
            let each = max(3, rest.height / groups)
            let related = (0..<groups).map { index in
                Rect(
                    x: rest.x, y: rest.y + index * each, width: rest.width,
                    height: index == groups - 1 ? rest.height - index * each : each)
            }
            return (top, parts[1], related)
        }
        guard groups > 0 else {
            let (top, rest) = body.splitTop(min(fields + 2, body.height / 2))
            return (top, rest, [])
        }
        let (top, rest) = body.splitTop(min(fields + 2, body.height / 3))
        let (band, timeline) = rest.splitTop(max(3, rest.height - max(4, rest.height / 3)))
        return (top, timeline, band.columns(groups))
    }

    private func drawFields(_ detail: RecordDetail, on canvas: any Canvas, in rect: Rect) {
        canvas.box(rect, title: "Fields", style: pane == .fields ? .accent : .dim)
        let inner = rect.inset(by: 1)
        for (index, field) in detail.fields.dropFirst(fieldScroll).prefix(inner.height).enumerated() {
            canvas.put(field.label, x: inner.x + 1, y: inner.y + index, width: 14, style: .dim)
            canvas.put(
                field.value.isEmpty ? "—" : field.value, x: inner.x + 16, y: inner.y + index, width: inner.width - 17)
        }
    }

    private func drawTimeline(_ detail: RecordDetail, on canvas: any Canvas, in rect: Rect) {
        canvas.box(rect, title: "Timeline", style: pane == .timeline ? .accent : .dim)
        let inner = rect.inset(by: 1)
        if detail.timeline.isEmpty {
            canvas.put(
                "Nothing yet. Press c to add a note.", x: inner.x + 1, y: inner.y, width: inner.width - 2, style: .dim)
            return
        }
        let layout = TableLayout(
            [TableColumn("", minWidth: 16), TableColumn("", minWidth: 8), TableColumn("", minWidth: 10, flex: 1)],
            width: inner.width - 1)
        for (index, entry) in detail.timeline.dropFirst(timelineScroll).prefix(inner.height).enumerated() {
            layout.draw(
                [Presentation.dateTime(entry.at), entry.kind, entry.text], on: canvas, x: inner.x + 1,
                y: inner.y + index, styles: [.dim, .accent, nil])
        }
    }

    private func drawRelated(_ group: RelatedGroup, index: Int, on canvas: any Canvas, in rect: Rect) {
        let focused = pane == .related(index)
        let count = group.more ? "\(group.rows.count)+" : "\(group.rows.count)"
        canvas.box(rect, title: "\(group.title) (\(count))", style: focused ? .accent : .dim)
        let inner = rect.inset(by: 1)
        guard inner.height > 0, inner.width > 2 else { return }
        if group.rows.isEmpty {
            return canvas.put("none", x: inner.x + 1, y: inner.y, width: inner.width - 2, style: .dim)
        }
        let cursor = relatedCursor[index]
        let first = max(0, min(cursor - inner.height + 1, group.rows.count - inner.height))
        let layout = TableLayout(
            [TableColumn("", minWidth: 8, flex: 3), TableColumn("", minWidth: 6, flex: 2, hideBelow: 40)],
            width: inner.width - 1)
        for (offset, row) in group.rows.dropFirst(first).prefix(inner.height).enumerated() {
            let selected = focused && first + offset == cursor
            layout.draw(
                [row.title, row.detail], on: canvas, x: inner.x + 1, y: inner.y + offset,
                style: selected ? .selected : .normal, styles: [nil, .dim])
        }
    }
}
