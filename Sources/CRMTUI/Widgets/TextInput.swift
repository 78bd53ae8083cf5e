// crm — a terminal-first CRM. Licensed under the MIT License.

/// A one-line text field with readline editing keys.
///
/// ctrl+a / ctrl+e go to start / end, ctrl+w deletes the word before the cursor, ctrl+u deletes
/// to the start and ctrl+k to the end; arrows, Home, End, Backspace and Del work as usual.
/// The field scrolls horizontally so the cursor stays visible, measuring by display width.
/// A pre-filled value can be `selected`: then the first typed character replaces it (issue 20:
/// typing into a pre-filled "USD" gave "USDC"), and any other editing key keeps it.
public struct TextInput: Sendable, Equatable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    /// Whether the whole text is selected, so typing replaces it.
    public var selected = false

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Replaces the whole text and puts the cursor at the end.
    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
        selected = false
    }

    /// Selects the whole text (when the field gets focus) if there is any.
    public mutating func selectAll() {
        selected = !characters.isEmpty
        cursor = characters.count
    }

    /// Applies an editing key; returns false for keys a text field does not handle.
    public mutating func handle(_ key: Key) -> Bool {
        if selected {
            selected = false
            switch key {
            case .char, .backspace, .delete:
                characters = []
                cursor = 0
                if case .char = key {} else { return true }
            default: break
            }
        }
        switch key {
        case .char(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"): characters.removeLast(characters.count - cursor)
        case .ctrl("w"): deleteWordBackward()
        default: return false
        }
        return true
    }

    private mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " " { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Draws the field in `width` cells and, when focused, places the terminal cursor in it.
    public func draw(on canvas: any Canvas, x: Int, y: Int, width: Int, focused: Bool, style: TextStyle = .normal) {
        guard width > 1 else { return }
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) > width - 1 { start += 1 }
        var visible = ""
        var used = 0
        for character in characters[start...] {
            let cells = DisplayWidth.of(character: character)
            if used + cells > width { break }
            visible.append(character)
            used += cells
        }
        canvas.put(visible, x: x, y: y, width: width, style: selected && focused ? .selected : style)
        if focused { canvas.setCursor(x: x + DisplayWidth.of(String(characters[start..<cursor])), y: y, visible: true) }
    }
}
