// crm — a terminal-first CRM. Licensed under the MIT License.

/// Starts every shard's sync phase at once: the last child to report `ready` (or to die before
/// it) releases them all.
actor ShardBarrier {
    private let children: [ShardProcess]
    private var arrived = 0

    init(children: [ShardProcess]) {
        self.children = children
    }

    func arrive() {
        arrived += 1
        guard arrived == children.count else { return }
        for child in children { child.go() }
    }
}
