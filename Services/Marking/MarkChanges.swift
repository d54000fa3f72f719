import Domain
import Foundation

/// What a version changed compared with the one before, field by field (`from` is absent for a
/// create), as kept in `marking.mark_versions.changes`.
enum MarkChanges {
    struct Change: Codable, Equatable {
        var from: String?
        var to: String
    }

    static func between(_ previous: MarkRecord?, _ current: MarkRecord) -> [String: Change] {
        let iso = ISO8601DateFormatter()
        func fields(_ record: MarkRecord) -> [String: String] {
            ["status": record.status.rawValue, "typeId": record.typeId, "start": iso.string(from: record.start), "end": iso.string(from: record.end),
             "factors": record.factors.joined(separator: ","), "reasonKind": record.reasonKind.rawValue, "reason": record.reason,
             "mn": record.mn ?? "", "effect": record.effect.rawValue]
        }
        let after = fields(current)
        let before = previous.map(fields)
        return after.reduce(into: [:]) { changes, field in
            let old = before?[field.key]
            if old != field.value { changes[field.key] = Change(from: old, to: field.value) }
        }
    }
}
