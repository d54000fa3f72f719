/// The deviations of one packet as a bit set, so recording one costs an OR on the hot path.
struct DeviationSet: Sendable, Hashable {
    var bits: UInt32 = 0

    mutating func insert(_ deviation: Deviation) { bits |= 1 << UInt32(deviation.ordinal) }

    func contains(_ deviation: Deviation) -> Bool { bits & (1 << UInt32(deviation.ordinal)) != 0 }

    var list: [Deviation] {
        guard bits != 0 else { return [] }
        return Deviation.allCases.filter(contains)
    }
}
