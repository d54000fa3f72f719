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
    /// Builds the materialised view from the item slots of a decoded frame.
    init(raw: [UInt8], slots: UnsafeBufferPointer<ItemSlot>, dataTime: HJ212DateTime?, tables: CodeTables) {
        var items: [DataItem] = []
        items.reserveCapacity(slots.count)
        var factors: [FactorGroup] = []
        var factorIndex: [String: Int] = [:]
        var info: [InfoValue] = []
        var currentPolId: String?

        func groupIndex(for original: String) -> Int {
            if let index = factorIndex[original] { return index }
            factors.append(FactorGroup(code: tables.currentCode(for: original), originalCode: original))
            factorIndex[original] = factors.count - 1
            return factors.count - 1
        }

        for slot in slots {
            let key = String(decoding: raw[Int(slot.keyStart)..<Int(slot.keyEnd)], as: UTF8.self)
            let item = DataItem(key: key, valueBytes: Array(raw[Int(slot.valueStart)..<Int(slot.valueEnd)]),
                                group: Int(slot.group), isText: slot.isText)
            items.append(item)
            let number = slot.number.double
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
            let index = groupIndex(for: code)
            func setOnce<T>(_ field: WritableKeyPath<FactorGroup, T?>, _ value: T?) {
                if factors[index][keyPath: field] == nil { factors[index][keyPath: field] = value }
            }
            switch slot.kind {
            case .rtd: setOnce(\.rtd, number)
            case .min: setOnce(\.min, number)
            case .avg: setOnce(\.avg, number)
            case .max: setOnce(\.max, number)
            case .cou: setOnce(\.cou, number)
            case .zsRtd: setOnce(\.zsRtd, number)
            case .zsMin: setOnce(\.zsMin, number)
            case .zsAvg: setOnce(\.zsAvg, number)
            case .zsMax: setOnce(\.zsMax, number)
            case .rs: setOnce(\.rs, number)
            case .rt: setOnce(\.rt, number)
            case .flag: setOnce(\.flag, item.value)
            case .eFlag: setOnce(\.eflag, item.value)
            case .sn: setOnce(\.sn, item.value)
            case .sampleTime: setOnce(\.sampleTime, HJ212DateTime(item.value))
            default: factors[index].extra.append(item)
            }
        }
        self.init(dataTime: dataTime, items: items, factors: factors, info: info)
    }
}
