// crm — a terminal-first CRM. Licensed under the MIT License.

/// Mail text made fit for the record schema.
///
/// The schema refuses control characters (CRMCore's
/// `FieldSpec.checkControls`): C0 and C1 controls other than tab are dropped, and line breaks are
/// kept only for multi-line fields (a subject's become spaces). Mail carries such bytes often
/// (form feeds in signatures, ESC from broken charsets), and one must not refuse a customer's mail.
public enum PrintableText {
    public static func clean(_ text: String, multiline: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: scalars.append(multiline ? scalar : " ")
            case 0x09: scalars.append(scalar)
            case 0x0D: if !multiline { scalars.append(" ") }
            case 0..<0x20, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
