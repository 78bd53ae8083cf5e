// crm — a terminal-first CRM. Licensed under the MIT License.

extension FieldSpec {
    /// The text fields that may hold line breaks (and CR, as in CRLF): long free text.
    public static let multilineFields = ["notes", "body", "description", "address"]

    /// Whether this field's text may hold line breaks.
    public var allowsLineBreaks: Bool { Self.multilineFields.contains(name) }

    /// Refuses control characters in `text`: NUL and every C0 control but tab always, and line
    /// breaks (LF, CR) outside `multilineFields`; DEL and the C1 controls too.
    ///
    /// Runs wherever a value is written, on a device (`ChangeRecorder`) and on the server
    /// (`ChangeValidator`), so a name carrying an escape sequence is refused where it was typed
    /// or pushed, with the field named. Text already stored is still shown safely
    /// (`TerminalText`).
    public func checkControls(_ text: String) throws(DomainError) {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x09 { continue }
            if value == 0x0A || value == 0x0D {
                if allowsLineBreaks { continue }
                throw .controlCharacter(field: name, scalar: value)
            }
            if value < 0x20 || (0x7F...0x9F).contains(value) { throw .controlCharacter(field: name, scalar: value) }
        }
    }
}
