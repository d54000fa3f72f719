/// Validity per value from its flag and the marks covering it (judgment.md §1): a value is valid
/// when its flag is `N` and no invalidating mark covers it; `F M D C B` make it invalid or
/// missing, `S` is never a measured value, `T` is kept and flagged. The flag's meaning comes from
/// the code rules, the mark's from the mark catalogue; the flag layer is kept beside the marked
/// one, never overwritten.
public struct SampleValidity: Sendable {
    public let flagEffects: FlagEffects

    public init(flagEffects: FlagEffects) { self.flagEffects = flagEffects }

    /// Resolves every slot of `series`. A mark covers a slot when it overlaps at least half of it
    /// (for minute data and marks on whole minutes: exactly the minutes inside the mark); marks
    /// outside the series are ignored. When several apply, the strongest status wins
    /// (`SampleStatus` order).
    public func resolve(_ series: SampleSeries, marks: [MarkCoverage]) -> ResolvedSeries {
        var states = series.flags.map { flag in
            let status = flagEffects.status(of: flag)
            return SampleState(status: status, flagStatus: status, isExempt: false)
        }
        let interval = Int64(series.intervalSeconds)
        var used: [MarkCoverage] = []
        for mark in marks {
            let markStart = JudgmentClock.seconds(mark.start), markEnd = JudgmentClock.seconds(mark.end)
            guard markEnd > markStart, markStart < series.endSeconds, markEnd > series.startSeconds else { continue }
            let first = max(0, Int(JudgmentClock.floorDivide(markStart - series.startSeconds, interval)))
            let last = min(series.count - 1, Int(JudgmentClock.floorDivide(markEnd - 1 - series.startSeconds, interval)))
            guard first <= last else { continue }
            let imposed = SampleStatus(effect: mark.effect)
            let exempts = mark.effect == .exemptWithinAllowance
            var coveredAny = false
            for index in first...last {
                let slotStart = series.slotSeconds(index)
                let overlap = min(markEnd, slotStart + interval) - max(markStart, slotStart)
                guard overlap * 2 >= interval else { continue }
                coveredAny = true
                if let imposed, imposed > states[index].status { states[index].status = imposed }
                if exempts { states[index].isExempt = true }
            }
            if coveredAny { used.append(mark) }
        }
        return ResolvedSeries(checked: series, states: states, marks: used.sorted())
    }
}

/// A series with the state of every slot and the marks that covered any of it.
public struct ResolvedSeries: Sendable, Equatable {
    public let series: SampleSeries
    public let states: [SampleState]
    /// The marks that covered at least one slot, ordered by start.
    public let marks: [MarkCoverage]

    /// Rebuilds a resolved series from a stored validity layer.
    public init(series: SampleSeries, states: [SampleState], marks: [MarkCoverage]) throws(JudgmentInputError) {
        guard series.count == states.count else {
            throw JudgmentInputError(.lengthMismatch, "序列有 \(series.count) 个时段，有效性状态 \(states.count) 个，须一一对应")
        }
        self.init(checked: series, states: states, marks: marks.sorted())
    }

    init(checked series: SampleSeries, states: [SampleState], marks: [MarkCoverage]) {
        self.series = series
        self.states = states
        self.marks = marks
    }

    /// Ids of the marks overlapping [start, end), in order.
    func markIds(from start: Int64, to end: Int64) -> [String] {
        marks.filter { JudgmentClock.seconds($0.start) < end && start < JudgmentClock.seconds($0.end) }.map(\.markId)
    }
}
