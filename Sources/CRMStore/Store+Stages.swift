// crm — a terminal-first CRM. Licensed under the MIT License.

import CRMCore
import GRDB

extension Store {
    /// Adds a stage at `position` (1-based; default: before the closed stages).
    @discardableResult
    public func addStage(name: String, probability: Int, kind: StageKind = .open, position: Int? = nil) throws
        -> RecordID
    {
        let trimmed = name.trimmed()
        guard !trimmed.isEmpty else { throw StoreError.invalid(.empty(field: "name")) }
        guard (0...100).contains(probability) else {
            throw StoreError.invalid(.outOfRange(field: "probability", value: String(probability), range: "0 to 100"))
        }
        return try write { recorder in
            var order = try Self.stages(recorder.db)
            if order.contains(where: { TextKey.fold($0.name) == TextKey.fold(trimmed) }) {
                throw StoreError.conflict("a stage named '\(trimmed)' already exists")
            }
            let id = RecordID.make()
            let index = min(
                max((position ?? (order.firstIndex { $0.kind != .open } ?? order.count) + 1) - 1, 0), order.count)
            try recorder.create(
                .stage, id: id,
                [
                    "name": .text(trimmed), "position": .integer(Int64(index + 1)),
                    "probability": .integer(Int64(probability)), "kind": .text(kind.rawValue),
                ])
            order.insert(
                PipelineStage(id: id, num: 0, name: trimmed, position: index + 1, probability: probability, kind: kind),
                at: index)
            try Self.renumber(order, in: recorder)
            return id
        }
    }

    /// Renames a stage; deals keep pointing at it by id.
    public func renameStage(_ id: RecordID, to name: String) throws {
        let trimmed = name.trimmed()
        guard !trimmed.isEmpty else { throw StoreError.invalid(.empty(field: "name")) }
        try update(.stage, id: id, ["name": .text(trimmed)])
    }

    /// Moves a stage to a 1-based position on the board.
    public func moveStage(_ id: RecordID, to position: Int) throws {
        try write { recorder in
            var order = try Self.stages(recorder.db)
            guard let from = order.firstIndex(where: { $0.id == id }) else {
                throw StoreError.notFound(kind: .stage, handle: id.rawValue)
            }
            let stage = order.remove(at: from)
            order.insert(stage, at: min(max(position - 1, 0), order.count))
            try Self.renumber(order, in: recorder)
        }
    }

    private static func renumber(_ order: [PipelineStage], in recorder: ChangeRecorder) throws {
        for (index, stage) in order.enumerated() {
            try recorder.update(.stage, id: stage.id, ["position": .integer(Int64(index + 1))])
        }
    }
}
