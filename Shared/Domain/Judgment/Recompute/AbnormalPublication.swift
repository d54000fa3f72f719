import Foundation

/// Decides which abnormal-operation findings to publish after a recomputation, as
/// `ExceedancePublication` does for episodes: never a published version changed silently.
public enum AbnormalPublication {
    /// `previous`: the newest published version of every finding of the point overlapping the
    /// recomputed window (withdrawn ones too). `current`: `AbnormalRecomputation.Result.judgments`.
    /// Returns, ordered by id, each finding that changed with `version` + 1:
    /// - new: version 1, `opened` (`closed` when the run already ended);
    /// - changed period, evidence, exemption or inputs: `extended` while open, `closed` once ended;
    /// - no longer found (a mark, late data): the previous payload, `withdrawn`.
    public static func reconcile(previous: [AbnormalOperationJudgment], current: [AbnormalOperationJudgment]) -> [AbnormalOperationJudgment] {
        let published = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var changes: [AbnormalOperationJudgment] = []
        for computed in current {
            var next = computed
            let isClosed = !computed.ongoing
            guard let last = published[computed.id], last.status != .withdrawn else {
                next.version = (published[computed.id]?.version ?? 0) + 1
                next.status = isClosed ? .closed : .opened
                changes.append(next)
                continue
            }
            if sameFacts(last, computed) { continue }
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

    /// Equal apart from version and status (`ongoing` carries whether it ended).
    static func sameFacts(_ a: AbnormalOperationJudgment, _ b: AbnormalOperationJudgment) -> Bool {
        var left = a
        var right = b
        left.version = 0
        right.version = 0
        left.status = .opened
        right.status = .opened
        return left == right
    }

    /// The payload as stored and published: sorted keys, ISO 8601 UTC times.
    public static func canonical(_ judgment: AbnormalOperationJudgment) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }

    public static func decode(_ canonical: String) throws -> AbnormalOperationJudgment {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(AbnormalOperationJudgment.self, from: Data(canonical.utf8))
    }
}
