// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMStore

/// The store's case filter under a name that does not clash with the TUI's `CaseFilter`
/// (the module and its main class are both called CRMStore, so `CRMStore.CaseFilter` does not resolve).
typealias StoreCaseFilter = CaseFilter
