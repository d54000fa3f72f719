public import Foundation

extension ExceedanceRecomputation {
    /// What a caller loads for a window: the stored values and marks inside it, the limit schedules
    /// of the factors to judge, and spans the window must cover (the published episodes it
    /// overlaps, so a shortened or split episode is recomputed whole).
    public struct WindowInputs: Sendable {
        public var values: [StoredValue]
        public var marks: [MarkRecord]
        public var limits: [String: LimitSchedule]
        public var mustCover: [TimeSpan]

        public init(values: [StoredValue], marks: [MarkRecord], limits: [String: LimitSchedule], mustCover: [TimeSpan] = []) {
            self.values = values
            self.marks = marks
            self.limits = limits
            self.mustCover = mustCover
        }
    }

    /// Recomputes `affected` with enough around it that every episode touching it is seen whole:
    /// one period either side, every span `load` says must be covered (plus the period after it,
    /// which decides whether it closed), and a day more backwards (forwards) while the first (last)
    /// judged period still exceeds, at most `maximumWidening` each way. Day basis works on whole
    /// China-time days. Runs on the caller's isolation, so `load` may use it (a transaction).
    /// Returns the final window and its result.
    public func recomputeWidening(subject: RecomputeSubject, affected: TimeSpan, judgedThrough: Date,
                                  maximumWidening: TimeInterval = 31 * 86_400, isolation: isolated (any Actor)? = #isolation,
                                  load: (TimeSpan) async throws -> WindowInputs) async throws -> (window: TimeSpan, result: Result) {
        let step: TimeInterval = subject.basis == .day ? 86_400 : 3600
        let earliest = affected.start.addingTimeInterval(-maximumWidening)
        let latest = affected.end.addingTimeInterval(maximumWidening)
        var window = Self.aligned(TimeSpan(start: affected.start.addingTimeInterval(-step), end: affected.end.addingTimeInterval(step))!,
                                  basis: subject.basis)
        while true {
            let inputs = try await load(window)
            var widened = window
            for span in inputs.mustCover {
                widened = TimeSpan(start: min(widened.start, max(span.start, earliest)),
                                   end: max(widened.end, min(span.end.addingTimeInterval(step), latest)))!
            }
            widened = Self.aligned(widened, basis: subject.basis)
            if widened != window {
                window = widened
                continue
            }
            let result = try recompute(subject: subject, window: window, judgedThrough: judgedThrough, values: inputs.values,
                                       marks: inputs.marks, limits: inputs.limits)
            var start = window.start
            var end = window.end
            if result.exceedsAtStart, start > earliest { start = max(earliest, start.addingTimeInterval(-86_400)) }
            if result.exceedsAtEnd, end < judgedThrough, end < latest { end = min(latest, end.addingTimeInterval(86_400)) }
            widened = Self.aligned(TimeSpan(start: start, end: end)!, basis: subject.basis)
            if widened == window { return (window, result) }
            window = widened
        }
    }

    /// Hour boundaries, or China-time day boundaries for a daily basis.
    static func aligned(_ span: TimeSpan, basis: AveragingBasis) -> TimeSpan {
        switch basis {
        case .hour:
            let end = Self.hourFloor(span.end)
            return TimeSpan(start: Self.hourFloor(span.start), end: end < span.end ? end.addingTimeInterval(3600) : end)!
        case .day:
            let first = CivilDate(chinaTimeOf: span.start)
            let last = CivilDate(chinaTimeOf: span.end.addingTimeInterval(-1))
            return TimeSpan(start: first.startInChina, end: last.adding(days: 1).startInChina)!
        }
    }
}
