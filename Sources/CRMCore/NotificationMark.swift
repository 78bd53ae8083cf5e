// crm — a terminal-first CRM. Licensed under the MIT License.

/// The rules of a notification mark (kind `notification_mark`): what a user did with one
/// notification, synced between that user's devices and no one else's.
///
/// Notifications themselves are derived from the records on each device, so two devices of one
/// user compute the same notification under the same short id. The mark's record id is derived
/// from the user and that id, which is what makes two devices marking the same notification
/// write one record, merged field by field (last writer wins), instead of two that disagree;
/// it also lets the server check, without reading anything, that a mark is the pusher's own.
public enum NotificationMark {
    /// The values of `state`: `unread` is a mark taken back (undismiss), kept as a value so it
    /// merges like any other write instead of racing a delete.
    public static let states = ["unread", "read", "dismissed", "snoozed"]

    /// The record id of `user`'s mark on the notification with short id `notificationID`.
    public static func recordID(user: String, notificationID: String) -> RecordID {
        RecordID.stable(namespace: "notification_mark", name: user + "\u{1f}" + notificationID)
    }
}
