// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore

/// Who may read and write a notification mark (kind `notification_mark`): its own user only.
///
/// Roles decide kinds for the whole team (`RoleRules`); a mark is private on top of that. What
/// a user read, dismissed or snoozed is theirs, so the server serves a mark only to the devices
/// of the user who wrote it, and accepts a mark only from its own user. The second rule is what
/// makes the first enough: every write of a mark is its owner's, so "written by the reader" is
/// "the reader's mark", and a pull needs no lookup.
public enum MarkOwnership {
    /// Whether a change written by `writer` reaches a device of `reader`: for a mark only when
    /// they are the same user; for every other kind always (the role decides).
    public static func reaches(_ kind: EntityKind?, writer: String, reader: String) -> Bool {
        kind != .notificationMark || writer == reader
    }

    /// Why `userID` may not push `change`, or nil when it may (or `change` is not a mark).
    ///
    /// A create must carry the pusher's own `user_id` under the id derived from it and the
    /// notification (`NotificationMark.recordID`), so two devices converge on one record and no
    /// one writes into another user's; any other change must touch a mark whose stored
    /// `user_id` (`storedOwner`, nil when the server has none) is the pusher's, and may not
    /// change `user_id` or `notification_id`.
    public static func refusal(_ change: WireChange, userID: String, storedOwner: JSONValue?) -> RejectedChange? {
        guard change.kind == .notificationMark else { return nil }
        func refuse(_ why: String) -> RejectedChange {
            RejectedChange(changeID: change.changeID, code: "not_your_mark", message: why)
        }
        if let owner = storedOwner, owner != .string(userID) {
            return refuse("notification mark \(change.entityID) belongs to another user; mark only your own")
        }
        switch change.op {
        case .create:
            let fields = change.initialFields
            guard fields["user_id"] == .string(userID), let notification = fields["notification_id"]?.stringValue
            else {
                return refuse("a notification mark's user_id must be the pushing user, \(userID)")
            }
            let expected = NotificationMark.recordID(user: userID, notificationID: notification)
            guard change.entityID == expected.rawValue else {
                return refuse(
                    "notification mark \(change.entityID) must have id \(expected.rawValue), derived from the user and notification_id"
                )
            }
            return nil
        case .set where change.field == "user_id" || change.field == "notification_id":
            return refuse(
                "a notification mark's \(change.field ?? "") never changes; mark another notification instead")
        default:
            guard storedOwner != nil else {
                return refuse("notification mark \(change.entityID) does not exist on the server; create it first")
            }
            return nil
        }
    }
}
