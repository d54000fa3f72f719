import Foundation

/// Decides which falsification suspicions to publish after a recomputation, as
/// `AbnormalPublication` does for findings: never a published version changed silently.
public enum SuspicionPublication {
    /// `previous`: the newest published version of every suspicion of the point overlapping the
    /// recomputed window (withdrawn ones too). `current`: `SuspicionRecomputation.Result.judgments`.
    /// Returns, ordered by id, each suspicion that changed with `version` + 1:
    /// - new: version 1, `opened` (`closed` when the run already ended);
    /// - changed period, evidence or inputs: `extended` while open, `closed` once ended;
    /// - no longer found (a mark, late data): the previous payload, `withdrawn`.
    public static func reconcile(previous: [FalsificationSuspicionJudgment],
                                 current: [FalsificationSuspicionJudgment]) -> [FalsificationSuspicionJudgment] {
        let published = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var changes: [FalsificationSuspicionJudgment] = []
        for computed in current {
            var next = computed
            guard let last = published[computed.id], last.status != .withdrawn else {
                next.version = (published[computed.id]?.version ?? 0) + 1
                next.status = computed.ongoing ? .opened : .closed
                changes.append(next)
                continue
            }
            if sameFacts(last, computed) { continue }
            next.version = last.version + 1
            next.status = computed.ongoing ? .extended : .closed
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
    static func sameFacts(_ a: FalsificationSuspicionJudgment, _ b: FalsificationSuspicionJudgment) -> Bool {
        var left = a
        var right = b
        (left.version, right.version) = (0, 0)
        (left.status, right.status) = (.opened, .opened)
        return left == right
    }

    /// The payload as stored and published: sorted keys, ISO 8601 UTC times.
    public static func canonical(_ judgment: FalsificationSuspicionJudgment) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }

    public static func decode(_ canonical: String) throws -> FalsificationSuspicionJudgment {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(FalsificationSuspicionJudgment.self, from: Data(canonical.utf8))
    }
}
