// crm — a terminal-first CRM. Licensed under the MIT License.

/// One local transaction as `crm undo --list` shows it: when, and what it changed, in words.
///
/// The lines name records and values the way people read them (`deal "Acme": amount
/// 5,000.00 EUR → 7,500.00 EUR`), never raw ids, so a user can pick the one to take back.
public struct UndoTransaction: Hashable, Sendable {
    /// The transaction's number (its first change's device sequence), what `crm undo N` takes.
    public var id: Int64
    /// When it was written, in UTC milliseconds (from its first change's HLC).
    public var at: Int64
    /// The transaction this one undid, when it was an undo (undoing it again is a redo).
    public var undoes: Int64?
    /// What it changed, one line per record, at most `UndoTransaction.shownLines`.
    public var changes: [String]
    /// How many more changed records the lines leave out.
    public var more: Int

    /// The most lines one transaction shows in a list.
    public static let shownLines = 5

    public init(id: Int64, at: Int64, undoes: Int64?, changes: [String], more: Int) {
        self.id = id
        self.at = at
        self.undoes = undoes
        self.changes = changes
        self.more = more
    }
}

/// What an undo did, and what it left alone because someone changed it since.
public struct UndoOutcome: Hashable, Sendable {
    /// The transaction that was undone.
    public var undone: Int64
    /// The transaction the undo wrote (undo it to redo), nil when nothing could be taken back.
    public var transaction: Int64?
    /// What was put back, one line per record.
    public var done: [String]
    /// What was left as it is, and why.
    public var kept: [String]

    public init(undone: Int64, transaction: Int64?, done: [String], kept: [String]) {
        self.undone = undone
        self.transaction = transaction
        self.done = done
        self.kept = kept
    }
}
