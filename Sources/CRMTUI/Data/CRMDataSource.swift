// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Everything the TUI reads from and writes to the CRM, in the shapes the screens draw.
///
/// The TUI depends on this protocol, not on the store, so that screens are tested against an
/// in-memory model and the store stays free of UI concerns. The `crm` executable supplies an
/// adapter over Store. Methods are synchronous and may be called from a background queue
/// (search, dashboard), so implementations must be thread-safe. Lists are paged by key
/// (`PageRequest`), never by offset, so any depth of a million-row list costs one index seek.
/// Validation failures of a single field should be thrown as `FieldError` so forms can show
/// them under the field; any other error is shown in the status line.
///
/// ```swift
/// let first = try source.contacts(PageRequest(limit: 20))
/// let next = try source.contacts(PageRequest(after: first.last?.pageKey, limit: 20))
/// ```
public protocol CRMDataSource: Sendable {
    /// Who is signed in, which database is open and the sync state, for the status line.
    func session() throws -> SessionInfo
    /// Names the person this device acts as (the first run's form asks, when `session` has no
    /// user): the same as `crm init --user NAME --email EMAIL`, so records created from then on
    /// are theirs. An empty email means none; a bad one is a `FieldError` on `email`.
    func setUpUser(name: String, email: String) throws

    /// A page of contacts ordered by name, then local number.
    func contacts(_ page: PageRequest<NameKey>) throws -> [ContactRow]
    /// A page of companies ordered by name, then local number.
    func companies(_ page: PageRequest<NameKey>) throws -> [CompanyRow]

    /// The pipeline stages in board order, each with its deal count and amount totals.
    func stages() throws -> [StageSummary]
    /// A page of the deals in one stage, newest (highest local number) first.
    func deals(inStage stage: RecordID, _ page: PageRequest<SequenceKey>) throws -> [DealCard]
    /// Moves a deal to another stage (recorded in the stage history).
    func moveDeal(_ deal: RecordID, toStage stage: RecordID) throws
    /// Closes a deal as won, or as lost with an optional reason.
    func closeDeal(_ deal: RecordID, won: Bool, reason: String?) throws

    /// A page of the triage queue: open cases matching the filter, ordered by next SLA due, then local number.
    func cases(_ filter: CaseFilter, now: Int64, _ page: PageRequest<DueKey>) throws -> [CaseRow]
    /// The newest change that came in by sync (a sequence), 0 before any: where the `changed`
    /// filter's "since you last looked" ends when the user leaves it.
    func remoteChangeMark() throws -> Int64
    /// Records that the user has seen the changes that came in by sync up to `mark`.
    func markChangesSeen(upTo mark: Int64) throws
    /// Assigns a case to a user, or unassigns it with nil.
    func assignCase(_ id: RecordID, to user: RecordID?) throws
    /// Sets a case's priority (one of `EntitySchema.priorities`); due times are recomputed.
    func setCasePriority(_ id: RecordID, _ priority: String) throws
    /// Sets a case's status (one of `EntitySchema.caseStatuses`).
    func setCaseStatus(_ id: RecordID, _ status: String) throws
    /// One case as the queue shows it, wherever it now sorts (nil when it is gone): the selection
    /// follows a case that a change re-sorted.
    func caseRow(_ id: RecordID) throws -> CaseRow?
    /// Applies one change to many records of a kind in one transaction (one undo); returns how many changed.
    func bulk(_ kind: EntityKind, _ ids: [RecordID], _ change: BulkChange) throws -> Int
    /// The names of the active teammates, for picking an assignee or owner from a list.
    func teammates() throws -> [String]

    /// Open tasks split into overdue (due before `now`), today (due before `endOfDay`) and upcoming.
    func agenda(now: Int64, endOfDay: Int64, limit: Int) throws -> Agenda
    /// Marks a task done.
    func markTaskDone(_ id: RecordID) throws

    /// Records matching a search as the user types (prefix match on every word), best first.
    func search(_ query: String, limit: Int) throws -> [SearchHit]
    /// One record's fields and its timeline, newest first.
    func detail(_ ref: RecordRef) throws -> RecordDetail
    /// Adds an internal note to a record's timeline.
    func addNote(to ref: RecordRef, text: String) throws
    /// Changes fields of a record; keys are the form field names of `FormSchema`.
    func update(_ ref: RecordRef, fields: [String: String]) throws
    /// Soft-deletes a record (a tombstone that sync carries; `crm <kind> restore` or `u` undoes it).
    func delete(_ ref: RecordRef) throws
    /// Takes back this device's last change, itself as a change that syncs (so a second undo is a
    /// redo); returns one line saying what it did and what it left because someone changed it since.
    func undoLast() throws -> String
    /// Deleted contacts, companies, deals, cases and activities, most recently deleted first.
    func recentlyDeleted(limit: Int) throws -> [DeletedRecord]
    /// Brings a deleted record back with the records its delete took along; returns those
    /// others' names (`deal "Rollout"`).
    func restore(_ ref: RecordRef) throws -> [String]
    /// The record a typed handle names (#number, id prefix, email or exact name) and its title.
    func lookup(_ kind: EntityKind, handle: String) throws -> (id: RecordID, title: String)
    /// Merges a duplicate into the record kept: the kept one takes the fields it lacks, every
    /// deal, activity and case moves to it, the duplicate is deleted, and the merge is noted in
    /// the kept record's timeline (and syncs, like any write).
    func merge(_ kind: EntityKind, duplicate: RecordID, into keep: RecordID) throws
    /// Active teammates a person field may name, by name: those whose name, a word of it, or email
    /// starts with `text` (case and accents ignored). A form shows them as you type.
    func people(matching text: String, limit: Int) throws -> [String]
    /// Creates a record of a kind from form fields; returns its id.
    func create(_ kind: EntityKind, fields: [String: String]) throws -> RecordID

    /// Headline figures for the dashboard.
    func dashboard(now: Int64) throws -> DashboardSummary
    /// Things that need the user's attention (SLA at risk and breached, tasks overdue and due
    /// soon, assignments, customer replies), newest first, without the ones the user dismissed.
    func notifications(now: Int64, limit: Int) throws -> [NotificationItem]
    /// Marks notifications read, or dismissed (left out of `notifications` from then on), for
    /// the current user; the marks outlive the session.
    func markNotifications(_ ids: [String], dismissed: Bool) throws
    /// Hides notifications until `until`, when they come back unread.
    func snoozeNotifications(_ ids: [String], until: Int64) throws
    /// A value that changes whenever the data may have (a local write, a pulled change), or nil
    /// when the source cannot tell: the status line's refresh reloads the notifications only
    /// when it moved, instead of recomputing every rule every five seconds.
    func changeStamp() -> [Int64]?
    /// The custom fields of a kind as form fields named `custom.<key>` (issue 19), after the built-in ones.
    func customFormFields(_ kind: EntityKind) throws -> [FormSchema.Field]
}

extension CRMDataSource {
    /// Unknown: the notifications are reloaded at every refresh.
    public func changeStamp() -> [Int64]? { nil }

    /// No custom fields: sources without a store (tests, demos) define none.
    public func customFormFields(_ kind: EntityKind) throws -> [FormSchema.Field] { [] }
}
