public import Foundation

/// Where a published judgment stands: each new version says what changed.
public enum JudgmentStatus: String, Codable, Sendable {
    case opened, extended, closed, withdrawn
}

/// A judgment published in versions with an id stable across recomputation: exceedance episodes,
/// abnormal-operation findings, falsification suspicions. `JudgmentPublication` decides their
/// versions the same way for all of them.
public protocol VersionedJudgment: Codable, Sendable, Equatable {
    var id: String { get }
    var version: Int { get set }
    var status: JudgmentStatus { get set }
    var periodStart: Date { get }
    var periodEnd: Date { get }
    /// As recomputed: the episode, finding or sign has ended (published as `closed`); otherwise it
    /// goes on (`opened`, then `extended`).
    var hasEnded: Bool { get }
}

extension VersionedJudgment {
    /// `start`, moved back to the start of every judgment of `published` (not withdrawn) still
    /// running at `start`: a recomputation from there sees each of them from its start, so it
    /// keeps its id.
    public static func reachBack(_ start: Date, over published: [Self]) -> Date {
        var earliest = start
        for judgment in published where judgment.status != .withdrawn && judgment.periodEnd > earliest {
            earliest = min(earliest, judgment.periodStart)
        }
        return earliest
    }
}
