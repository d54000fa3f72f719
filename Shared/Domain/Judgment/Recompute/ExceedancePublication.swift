import Foundation

/// Decides what to publish after a recomputation: compares the episodes just computed with the
/// versions published before for the same window and returns the new versions, never changing a
/// published version silently (issue 5, "Events and reproducibility").
public enum ExceedancePublication {
    /// `previous`: the newest published version of every judgment of the subject whose period
    /// overlaps the recomputed window (withdrawn ones included, so a reappearing episode continues
    /// its version count). `current`: `ExceedanceRecomputation.Result.judgments` for that window.
    /// Returns, ordered by id, each judgment that changed with `version` + 1:
    /// - new: version 1, `opened` (or `closed` when already followed by a non-exceeding hour);
    /// - changed value, end, inputs or closedness: `extended` while open, `closed` once closed;
    /// - no longer computed (a mark or late data removed it): the previous payload, `withdrawn`.
    /// An identical recomputation returns nothing.
    public static func reconcile(previous: [ExceedanceJudgment], current: [ExceedanceJudgment]) -> [ExceedanceJudgment] {
        let published = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var changes: [ExceedanceJudgment] = []
        for computed in current {
            var next = computed
            guard let last = published[computed.id], last.status != .withdrawn else {
                next.version = (published[computed.id]?.version ?? 0) + 1
                next.status = computed.status == .closed ? .closed : .opened
                changes.append(next)
                continue
            }
            let isClosed = computed.status == .closed
            if sameFacts(last, computed), (last.status == .closed) == isClosed { continue }
            next.version = last.version + 1
            next.status = isClosed ? .closed : .extended
            changes.append(next)
        }
        let computedIds = Set(current.map(\.id))
        for last in published.values where last.status != .withdrawn && !computedIds.contains(last.id) {
            var withdrawn = last
            withdrawn.version = last.version + 1
            withdrawn.status = .withdrawn
            changes.append(withdrawn)
        }
        return changes.sorted { $0.id < $1.id }
    }

    /// Equal apart from version and status.
    static func sameFacts(_ a: ExceedanceJudgment, _ b: ExceedanceJudgment) -> Bool {
        var left = a
        var right = b
        left.version = 0
        right.version = 0
        left.status = .opened
        right.status = .opened
        return left == right
    }

    /// The payload as stored and published: sorted keys, ISO 8601 UTC times, so the same
    /// judgment always gives the same bytes.
    public static func canonical(_ judgment: ExceedanceJudgment) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }

    public static func decode(_ canonical: String) throws -> ExceedanceJudgment {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ExceedanceJudgment.self, from: Data(canonical.utf8))
    }
}
