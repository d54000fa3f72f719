public import Foundation

/// How far before the recomputed hours HJ 75 substitution looks, from the rules version's table
/// (`substitution.rows`): a substitute is the largest of the previous N valid hours, N chosen by
/// the length of the run of invalid hours and the capture rate. So the recomputation needs
/// - the raw rows of `runHours` before the hours wanted: the longest run a row limits
///   (`maximumGapHours`); a run that began earlier is longer than every limit anyway;
/// - the `validHours` valid hourly values before those (the largest `previousValidHours`, 2160
///   in the seed rules), which Judgment keeps as hourly means: read from there, newest first, but
///   never from more than `searchLimit` before (one year: older data may have been dropped).
public struct SubstitutionLookback: Sendable, Hashable {
    public let runHours: Int
    public let validHours: Int

    /// Stored hours older than this before the window are not searched for previous valid hours.
    public static let searchLimit: TimeInterval = 366 * 86_400

    public init(rules: JudgmentRules.Substitution) {
        runHours = rules.rows.compactMap(\.maximumGapHours).max() ?? 0
        validHours = rules.rows.map(\.previousValidHours).max() ?? 0
    }

    /// Raw rows before the hours wanted.
    public var window: TimeInterval { TimeInterval(runHours * 3600) }

    /// Whether an hour of `span` among `series` needed a substitute: only then do the previous
    /// valid hours before the window matter (without them a substitute is taken from too few
    /// hours, or none is found).
    public static func needsHistory(_ series: [AmountSeries], within span: TimeSpan) -> Bool {
        series.contains { $0.hours.contains { span.contains($0.start) && ($0.layer == .substituted || $0.layer == .unknown) } }
    }
}
