// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Who is working, on which database, and how sync stands: the status line's content.
public struct SessionInfo: Sendable, Equatable {
    public var userID: RecordID?
    public var userName: String
    public var database: String
    /// "offline", "pending 3", "synced 10:42" and the like.
    public var syncState: String

    public init(userID: RecordID?, userName: String, database: String, syncState: String) {
        self.userID = userID
        self.userName = userName
        self.database = database
        self.syncState = syncState
    }
}
