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
        var used: [MarkCoverage] = []
        for mark in marks {
            guard let covered = series.slots(coveredBy: mark) else { continue }
            let imposed = SampleStatus(effect: mark.effect)
            let exempts = mark.effect == .exemptWithinAllowance
            for index in covered {
                if let imposed, imposed > states[index].status { states[index].status = imposed }
                if exempts { states[index].isExempt = true }
            }
            used.append(mark)
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

    /// One flag per slot: true where a mark satisfying `include` covers it.
    func coverage(where include: (MarkCoverage) -> Bool) -> [Bool] {
        var mask = [Bool](repeating: false, count: series.count)
        for mark in marks where include(mark) {
            guard let covered = series.slots(coveredBy: mark) else { continue }
            for index in covered { mask[index] = true }
        }
        return mask
    }

    /// Ids of the marks overlapping [start, end), in order.
    func markIds(from start: Int64, to end: Int64) -> [String] {
        marks.filter { JudgmentClock.seconds($0.start) < end && start < JudgmentClock.seconds($0.end) }.map(\.markId)
    }
}
