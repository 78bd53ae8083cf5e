// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import CRMStore
import CRMTUI
import Foundation
import Testing

@testable import CRMTUIStore

/// The first-run form's write (issue 20) on a real SQLite file: the same store call as
/// `crm init --user NAME --email EMAIL`.
@Suite struct StoreDataSourceUserTests {
    /// A store with no user yet, on a file removed when the test ends.
    struct FreshStore {
        let folder: TemporaryFolder
        let store: Store
        let source: StoreDataSource
    }

    static func freshStore() throws -> FreshStore {
        let folder = try TemporaryFolder("crm-first-run")
        let store = try Store.open(path: folder.path("crm.sqlite"))
        return FreshStore(folder: folder, store: store, source: StoreDataSource(store: store))
    }

    @Test func setUpUserMakesACurrentManagerThatOwnsNewRecords() throws {
        let fresh = try Self.freshStore()
        let (store, source) = (fresh.store, fresh.source)
        #expect(try source.session().userID == nil)
        try source.setUpUser(name: "Fay Firstrun", email: "fay@example.com")
        let user = try #require(try store.currentUser())
        #expect(user.name == "Fay Firstrun" && user.email == "fay@example.com" && user.role == "manager")
        #expect(try source.session().userID == user.id)
        let contact = try source.create(.contact, fields: ["name": "Gil Guest"])
        #expect(try store.contact(contact).ownerID == user.id)
        try source.setUpUser(name: "Fay F.", email: "")
        #expect(try store.users().count == 1, "a second call renames the same user")
        #expect(try store.currentUser()?.name == "Fay F.")
    }

    @Test func aBadEmailIsAFieldErrorAndNothingIsWritten() throws {
        let fresh = try Self.freshStore()
        let (store, source) = (fresh.store, fresh.source)
        #expect(throws: FieldError.self) { try source.setUpUser(name: "Fay", email: "fay.example.com") }
        do {
            try source.setUpUser(name: "Fay", email: "fay.example.com")
        } catch let error as FieldError {
            #expect(error.field == "email", "\(error)")
        }
        #expect(try store.users().isEmpty && store.currentUser() == nil)
    }
}
