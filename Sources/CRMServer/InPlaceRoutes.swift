// crm — a terminal-first CRM. Licensed under the MIT License.

/// The requests the event loops answer without the router (`InPlaceRequestHandler`): pulls and
/// pushes on a store that reads and writes on the server's own threads (SQLite).
struct InPlaceRoutes: Sendable {
    let pull: InPlacePull
    let push: InPlacePush
}
