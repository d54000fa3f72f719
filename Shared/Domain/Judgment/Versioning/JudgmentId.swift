public import Foundation

/// Stable ids of judgments, derived from what the judgment is about and when it starts, never
/// from when or how often it was computed: recomputing the same inputs gives the same id, and a
/// changed judgment keeps its id and gets a new version.
public enum JudgmentId {
    /// Hourly episodes keep the format of `ExceedanceJudgment.episodeId` (`exc:<outlet>:<factor>:<epoch s>`);
    /// daily episodes are `exc-day:…`, so an hourly and a daily episode starting at midnight differ.
    public static func exceedance(outletId: String, factor: String, basis: AveragingBasis, start: Date) -> String {
        switch basis {
        case .hour: ExceedanceJudgment.episodeId(outletId: outletId, factor: factor, periodStart: start)
        case .day: "exc-day:\(outletId):\(factor):\(epoch(start))"
        }
    }

    /// `abn:<kind>:<subject>:<factor>:<epoch s>`; the subject is the outlet (or point) id.
    public static func abnormal(kind: String, subject: String, factor: String, start: Date) -> String {
        "abn:\(kind):\(subject):\(factor):\(epoch(start))"
    }

    /// `sus:<kind>:<subject>:<factor>:<epoch s>`.
    public static func suspicion(kind: String, subject: String, factor: String, start: Date) -> String {
        "sus:\(kind):\(subject):\(factor):\(epoch(start))"
    }

    /// `tot:<kind>:<enterprise>:<factor>:<period>` with the period as `2026` or `2026-03`.
    public static func totalQuantity(kind: String, enterpriseId: String, factor: String, period: String) -> String {
        "tot:\(kind):\(enterpriseId):\(factor):\(period)"
    }

    static func epoch(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
