// crm — a terminal-first CRM. Licensed under the MIT License.

import Synchronization

/// Bounds the memory gzip inflation may take at once: per client address before
/// authentication, and in total.
///
/// A deflate stream inflates at most about 1,032 times its size, so before inflating a body the
/// server reserves what it could become (`worstCase`), capped by the route's inflation limit,
/// and gives it back when the request is done with it. A login, open to anyone, reserves against
/// its client address as well: one address cannot hold more than `perAddress` bytes of
/// inflation in flight, whatever the number of its connections. Anything over either bound is
/// refused before a byte is inflated (429 for the address, 503 for the server), with
/// `Retry-After`. Counts live in this process.
final class InflationBudget: Sendable {
    /// Bytes of inflation in flight across all requests.
    let total: Int
    /// Bytes of inflation in flight for one address, before authentication.
    let perAddress: Int
    private let state = Mutex<State>(State())

    struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    /// Why a reservation was refused.
    enum Refusal: Error, Equatable {
        case address
        case server
    }

    init(total: Int, perAddress: Int) {
        self.total = total
        self.perAddress = perAddress
    }

    /// The most `compressed` bytes of deflate can inflate to, capped at `limit`.
    static func worstCase(compressed: Int, limit: Int) -> Int {
        let (product, overflow) = compressed.multipliedReportingOverflow(by: 1032)
        return overflow ? limit : min(limit, product + 1024)
    }

    /// Takes `bytes` from the budget, for `address` too when it is given (before authentication).
    func reserve(_ bytes: Int, address: String?) throws(Refusal) {
        try state.withLock { (state: inout State) throws(Refusal) in
            if let address {
                guard (state.byAddress[address] ?? 0) + bytes <= perAddress else { throw .address }
            }
            guard state.total + bytes <= total else { throw .server }
            state.total += bytes
            if let address { state.byAddress[address, default: 0] += bytes }
        }
    }

    /// Gives back what `reserve` took.
    func release(_ bytes: Int, address: String?) {
        state.withLock { state in
            state.total -= bytes
            if let address {
                let left = (state.byAddress[address] ?? 0) - bytes
                state.byAddress[address] = left > 0 ? left : nil
            }
        }
    }

    /// Bytes reserved now, in total and for `address` (for tests and metrics).
    func inFlight(address: String? = nil) -> Int {
        state.withLock { state in address.map { state.byAddress[$0] ?? 0 } ?? state.total }
    }
}
