public import Foundation

/// A judgment with a stable id and the span of time it is about: what `JudgmentRevision`
/// reconciles between a previous publication and a recomputation.
public protocol TimedJudgment: Identifiable, Hashable, Sendable where ID == String {
    var start: Date { get }
    var end: Date { get }
}

extension ExceedanceEpisode: TimedJudgment {}
