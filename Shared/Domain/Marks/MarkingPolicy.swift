public import Foundation

/// When marks are due and how long they can be changed, for one province (or the national
/// default) under one rule version, with caps on working-condition allowances. All values are
/// provisional until the rule text is in hand (marking.md), so they are data.
public struct MarkingPolicy: Sendable, Hashable, Identifiable {
    /// A limit on the total (per year) or single (per occurrence) duration of one mark type.
    public struct Cap: Sendable, Hashable {
        public var markType: String
        public var yearlyHours: Double?
        public var perOccurrenceHours: Double?
        public var provisional: Bool

        public init(markType: String, yearlyHours: Double?, perOccurrenceHours: Double?, provisional: Bool) {
            self.markType = markType
            self.yearlyHours = yearlyHours
            self.perOccurrenceHours = perOccurrenceHours
            self.provisional = provisional
        }
    }

    /// Whether a period can still be marked, and how.
    public enum WindowState: String, Sendable, Hashable {
        /// Before the deadline: the enterprise marks freely.
        case open
        /// After the deadline, inside the back-marking window: allowed, recorded as late.
        case backMarking = "back-marking"
        /// After the lock: only a bureau-approved correction changes marks.
        case locked
    }

    public var id: String
    /// Province division code (`510000`), or `national` for the default.
    public var province: String
    public var ruleVersion: String
    public var effective: EffectivePeriod
    /// Marks for data of day D are due on day D + `deadlineDays` at `deadlineMinuteOfDay` China time.
    public var deadlineDays: Int
    public var deadlineMinuteOfDay: Int
    /// Back-marking is allowed until the end of day D + `backMarkingDays`.
    public var backMarkingDays: Int
    /// Marks lock at the end of day D + `lockDays`; only a bureau-approved correction changes them.
    public var lockDays: Int
    /// Missing data must be reported within this many minutes.
    public var missingDataReportMinutes: Int
    public var caps: [Cap]
    public var sourceNote: String
    public var provisional: Bool

    public init(id: String, province: String, ruleVersion: String, effective: EffectivePeriod, deadlineDays: Int,
                deadlineMinuteOfDay: Int, backMarkingDays: Int, lockDays: Int, missingDataReportMinutes: Int, caps: [Cap],
                sourceNote: String, provisional: Bool) {
        self.id = id
        self.province = province
        self.ruleVersion = ruleVersion
        self.effective = effective
        self.deadlineDays = deadlineDays
        self.deadlineMinuteOfDay = deadlineMinuteOfDay
        self.backMarkingDays = backMarkingDays
        self.lockDays = lockDays
        self.missingDataReportMinutes = missingDataReportMinutes
        self.caps = caps
        self.sourceNote = sourceNote
        self.provisional = provisional
    }

    /// When marks for data at `dataTime` are due.
    public func deadline(forDataAt dataTime: Date) -> Date {
        let day = CivilDate(chinaTimeOf: dataTime).adding(days: deadlineDays)
        return day.startInChina.addingTimeInterval(TimeInterval(deadlineMinuteOfDay * 60))
    }

    /// End of the back-marking window for data at `dataTime`.
    public func backMarkingCloses(forDataAt dataTime: Date) -> Date {
        CivilDate(chinaTimeOf: dataTime).adding(days: backMarkingDays + 1).startInChina
    }

    /// When marks for data at `dataTime` lock.
    public func lock(forDataAt dataTime: Date) -> Date {
        CivilDate(chinaTimeOf: dataTime).adding(days: lockDays + 1).startInChina
    }

    public func window(forDataAt dataTime: Date, now: Date) -> WindowState {
        if now < deadline(forDataAt: dataTime) { return .open }
        if now < backMarkingCloses(forDataAt: dataTime), now < lock(forDataAt: dataTime) { return .backMarking }
        return .locked
    }

    public func cap(for markType: String) -> Cap? { caps.first { $0.markType == markType } }
}
