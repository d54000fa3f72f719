import Domain
import Foundation
import Store

/// The stored values of one point, read once per recomputation: every step (exceedances,
/// abnormal operation, suspicions, amounts, stored layers) asks for its own window, and a window
/// inside what was read is cut from it instead of read again. The steps' windows nest (the
/// abnormal-operation window, a day back and floored to a China day, holds the others'), so a
/// recomputation reads the point's rows once or twice instead of five times. Nothing writes
/// `judgment.readings` during a recomputation, so the cut equals a fresh read.
struct PointReadings {
    let mn: String
    private var span: TimeSpan?
    private var rows: [StoredValue] = []

    init(mn: String) { self.mn = mn }

    /// The newest revision of every minute, hour and day value in `window`, in the order
    /// `JudgmentStore.values` gives.
    mutating func values(_ window: TimeSpan, in db: isolated Database) async throws -> [StoredValue] {
        if let span, span.start <= window.start, window.end <= span.end {
            return span == window ? rows : rows.filter { window.contains($0.dataTime) }
        }
        let union = span.flatMap { TimeSpan(start: min($0.start, window.start), end: max($0.end, window.end)) } ?? window
        rows = try await JudgmentStore.values(mn: mn, window: union, in: db)
        span = union
        return union == window ? rows : rows.filter { window.contains($0.dataTime) }
    }
}
