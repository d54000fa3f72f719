/// The answer to "which limit applies to this outlet, for this factor, at this instant": either a
/// winning limit that names its source, or an explicit "no applicable row", never a silent nil.
public enum LimitSelection: Sendable, Hashable {
    case selected(SelectedLimit)
    case noApplicableRow(NoApplicableLimit)

    public var selected: SelectedLimit? {
        if case .selected(let limit) = self { return limit }
        return nil
    }

    public var notes: [SelectionNote] {
        switch self {
        case .selected(let limit): limit.notes
        case .noApplicableRow(let none): none.notes
        }
    }
}

/// The strictest applicable limit and what else was considered.
public struct SelectedLimit: Sendable, Hashable {
    public var winner: LimitCandidate
    /// Every applicable candidate of the judged basis, strictest first (the winner included).
    public var considered: [LimitCandidate]
    public var notes: [SelectionNote]
    /// The China-time day the selection was made for.
    public var day: CivilDate

    public var provisional: Bool { winner.provisional }

    public init(winner: LimitCandidate, considered: [LimitCandidate], notes: [SelectionNote], day: CivilDate) {
        self.winner = winner
        self.considered = considered
        self.notes = notes
        self.day = day
    }
}

/// No row of the catalogue and no outlet limit applies: the outlet cannot be judged for the factor,
/// and that fact is itself reported.
public struct NoApplicableLimit: Sendable, Hashable {
    public var factor: String
    public var basis: AveragingBasis
    public var day: CivilDate
    /// Rows that almost applied (other basis, not yet or no longer in force) and other reasons.
    public var notes: [SelectionNote]

    public init(factor: String, basis: AveragingBasis, day: CivilDate, notes: [SelectionNote]) {
        self.factor = factor
        self.basis = basis
        self.day = day
        self.notes = notes
    }

    public var reasonZh: String {
        "因子 \(factor) 在 \(day) 无适用的\(basis.nameZh)排放限值"
    }
}
