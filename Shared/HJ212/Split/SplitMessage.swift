/// A message as the reassembler hands it out: all parts of a split message (PNUM/PNO), the parts
/// that arrived before the timeout, or a single unsplit packet.
public struct SplitMessage: Sendable, Equatable {
    /// Received parts ordered by PNO.
    public let parts: [Packet]
    /// PNUM (1 for an unsplit packet).
    public let total: Int

    public init(parts: [Packet], total: Int) {
        self.parts = parts.sorted { ($0.pno ?? 1) < ($1.pno ?? 1) }
        self.total = total
    }

    public var isComplete: Bool { parts.count == total }

    /// Part numbers that never arrived.
    public var missingParts: [Int] {
        let present = Set(parts.map { $0.pno ?? 1 })
        return (1...max(total, 1)).filter { !present.contains($0) }
    }

    public var mn: String { parts.first?.mn ?? "" }
    public var cn: String { parts.first?.cn ?? "" }
    public var dataTime: HJ212DateTime? { parts.first?.dataTime }

    /// The data areas of the received parts joined in PNO order; a factor spread over parts is
    /// gathered into one group (first value of each field wins).
    public var cp: DataArea {
        var items: [DataItem] = []
        var factors: [FactorGroup] = []
        var info: [InfoValue] = []
        var index: [String: Int] = [:]
        for part in parts {
            let area = part.cp
            items += area.items
            info += area.info
            for group in area.factors {
                guard let existing = index[group.originalCode] else {
                    index[group.originalCode] = factors.count
                    factors.append(group)
                    continue
                }
                factors[existing].merge(group)
            }
        }
        return DataArea(dataTime: dataTime, items: items, factors: factors, info: info)
    }
}

extension FactorGroup {
    /// Fills the fields this group lacks from `other` and appends its info and extra items.
    mutating func merge(_ other: FactorGroup) {
        rtd = rtd ?? other.rtd
        min = min ?? other.min
        avg = avg ?? other.avg
        max = max ?? other.max
        cou = cou ?? other.cou
        zsRtd = zsRtd ?? other.zsRtd
        zsMin = zsMin ?? other.zsMin
        zsAvg = zsAvg ?? other.zsAvg
        zsMax = zsMax ?? other.zsMax
        flag = flag ?? other.flag
        eflag = eflag ?? other.eflag
        sampleTime = sampleTime ?? other.sampleTime
        sn = sn ?? other.sn
        rs = rs ?? other.rs
        rt = rt ?? other.rt
        info += other.info
        extra += other.extra
    }
}
