/// The data area (CP) of a packet, materialised: every item in order, and the same items gathered
/// per factor.
public struct DataArea: Sendable, Hashable {
    /// `DataTime` (period start for 2031/2041/2051/2061, sampling instant for 2011).
    public let dataTime: HJ212DateTime?
    /// Every item in order, unknown keys included.
    public let items: [DataItem]
    /// Items of `<code>-<suffix>` keys gathered by code, in order of first appearance.
    public let factors: [FactorGroup]
    /// Site information (`iXXXXX-Info`) not under a `PolId`.
    public let info: [InfoValue]

    public init(dataTime: HJ212DateTime?, items: [DataItem], factors: [FactorGroup], info: [InfoValue]) {
        self.dataTime = dataTime
        self.items = items
        self.factors = factors
        self.info = info
    }

    /// The value of the first item with `key`.
    public func value(_ key: String) -> String? {
        items.first { $0.key == key }?.value
    }

    /// The first item with `key` read as a number.
    public func number(_ key: String) -> Double? {
        value(key).flatMap { Double($0) }
    }

    /// The first item with `key` read as a time.
    public func time(_ key: String) -> HJ212DateTime? {
        value(key).flatMap { HJ212DateTime($0) }
    }

    /// The group of `code` (a 2017 code, or a 2005 code as received).
    public func factor(_ code: String) -> FactorGroup? {
        factors.first { $0.code == code } ?? factors.first { $0.originalCode == code }
    }

    /// Request QN of a 2005-shaped reply (the QN travels inside CP there).
    public var qn: String? { value("QN") }
}

extension DataArea {
    /// Builds the materialised view from the item slots of a decoded frame. Item values are views
    /// into `raw` (no copies); a factor's fields are set by a switch on the slot kind.
    init(raw: [UInt8], slots: UnsafeBufferPointer<ItemSlot>, dataTime: HJ212DateTime?, tables: CodeTables) {
        var items: [DataItem] = []
        items.reserveCapacity(slots.count)
        var factors: [FactorGroup] = []
        var indexByCode: [String: Int] = [:]
        var info: [InfoValue] = []
        var currentPolId: String?

        /// Index of the group for `original`, created on first sight. Few factors: a linear scan
        /// from the end (items of one factor follow each other) beats hashing.
        func groupIndex(for original: String) -> Int {
            if factors.count <= 16 {
                var index = factors.count - 1
                while index >= 0 {
                    if factors[index].originalCode == original { return index }
                    index -= 1
                }
            } else if let index = indexByCode[original] {
                return index
            }
            factors.append(FactorGroup(code: tables.currentCode(for: original), originalCode: original))
            if factors.count == 17 {
                for (index, factor) in factors.enumerated() { indexByCode[factor.originalCode] = index }
            } else if factors.count > 17 {
                indexByCode[original] = factors.count - 1
            }
            return factors.count - 1
        }

        for slot in slots {
            let key = String(decoding: raw[Int(slot.keyStart)..<Int(slot.keyEnd)], as: UTF8.self)
            let item = DataItem(key: key, bytes: raw[Int(slot.valueStart)..<Int(slot.valueEnd)], group: Int(slot.group),
                                isText: slot.isText)
            items.append(item)
            if slot.kind == .polId {
                currentPolId = item.value
                continue
            }
            guard slot.kind.hasCode else { continue }
            let code = String(decoding: raw[Int(slot.keyStart)..<Int(slot.codeEnd)], as: UTF8.self)
            if slot.kind == .info && code.utf8.first == 0x69 {
                let value = InfoValue(code: code, item: item)
                if let polId = currentPolId {
                    factors[groupIndex(for: polId)].info.append(value)
                } else {
                    info.append(value)
                }
                continue
            }
            factors[groupIndex(for: code)].set(slot, item)
        }
        self.init(dataTime: dataTime, items: items, factors: factors, info: info)
    }
}

extension FactorGroup {
    /// Sets the field `slot` carries, keeping a value already set (first occurrence wins).
    mutating func set(_ slot: ItemSlot, _ item: DataItem) {
        let number = slot.number.double
        switch slot.kind {
        case .rtd: if rtd == nil { rtd = number }
        case .min: if min == nil { min = number }
        case .avg: if avg == nil { avg = number }
        case .max: if max == nil { max = number }
        case .cou: if cou == nil { cou = number }
        case .zsRtd: if zsRtd == nil { zsRtd = number }
        case .zsMin: if zsMin == nil { zsMin = number }
        case .zsAvg: if zsAvg == nil { zsAvg = number }
        case .zsMax: if zsMax == nil { zsMax = number }
        case .rs: if rs == nil { rs = number }
        case .rt: if rt == nil { rt = number }
        case .flag: if flag == nil { flag = item.value }
        case .eFlag: if eflag == nil { eflag = item.value }
        case .sn: if sn == nil { sn = item.value }
        case .sampleTime: if sampleTime == nil { sampleTime = HJ212DateTime(item.value) }
        default: extra.append(item)
        }
    }
}
