import Foundation

/// Decides what to publish after a recomputation: compares the judgments just computed with the
/// versions published before for the same window and returns the new versions, never changing a
/// published version silently (issue 5, "Events and reproducibility").
public enum JudgmentPublication {
    /// `previous`: the newest published version of every judgment of the subject overlapping the
    /// recomputed window (withdrawn ones included, so a reappearing judgment continues its version
    /// count). `current`: what the recomputation found there (version 0). Returns, ordered by id,
    /// each judgment that changed with `version` + 1:
    /// - new: version 1, `opened` (`closed` when it already ended);
    /// - changed facts (period, value, evidence, inputs…) or ended since: `extended` while it goes
    ///   on, `closed` once ended;
    /// - no longer found (a mark or late data removed it): the previous payload, `withdrawn`.
    /// An identical recomputation returns nothing.
    public static func reconcile<Judgment: VersionedJudgment>(previous: [Judgment], current: [Judgment]) -> [Judgment] {
        let published = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var changes: [Judgment] = []
        for computed in current {
            var next = computed
            guard let last = published[computed.id], last.status != .withdrawn else {
                next.version = (published[computed.id]?.version ?? 0) + 1
                next.status = computed.hasEnded ? .closed : .opened
                changes.append(next)
                continue
            }
            if sameFacts(last, computed), (last.status == .closed) == computed.hasEnded { continue }
            next.version = last.version + 1
            next.status = computed.hasEnded ? .closed : .extended
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
    static func sameFacts<Judgment: VersionedJudgment>(_ a: Judgment, _ b: Judgment) -> Bool {
        var left = a
        var right = b
        (left.version, right.version) = (0, 0)
        (left.status, right.status) = (.opened, .opened)
        return left == right
    }

    /// The payload as stored and published: sorted keys, ISO 8601 UTC times, so the same
    /// judgment always gives the same bytes.
    public static func canonical(_ judgment: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(judgment), as: UTF8.self)
    }

    public static func decode<Judgment: Decodable>(_ canonical: String, as type: Judgment.Type = Judgment.self) throws -> Judgment {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(canonical.utf8))
    }
}
