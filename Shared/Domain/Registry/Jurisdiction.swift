/// An administrative division that supervises enterprises: province (省), city or prefecture
/// (市/州), county or district (区/县), by its 6-digit administrative division code (GB/T 2260).
public struct Jurisdiction: Sendable, Hashable, Identifiable {
    public enum Level: String, Sendable, Hashable, CaseIterable, Codable {
        case province, city, county

        public var nameZh: String {
            switch self {
            case .province: "省"
            case .city: "市(州)"
            case .county: "区(县)"
            }
        }
    }

    public var code: String
    public var level: Level
    public var name: String
    public var parentCode: String?
    /// Flags every outlet inside inherits (special-limit region, high-sulphur-coal province…).
    public var flags: Set<ProfileFlag>

    public var id: String { code }

    public init(code: String, level: Level, name: String, parentCode: String?, flags: Set<ProfileFlag> = []) {
        self.code = code
        self.level = level
        self.name = name
        self.parentCode = parentCode
        self.flags = flags
    }

    /// Why `code` cannot be a division code of `level` under `parent`, or nil. A province code ends
    /// in 0000, a city code in 00 and shares the province's first two digits, a county code shares
    /// its city's first four.
    public static func codeProblem(_ code: String, level: Level, parentCode: String?) -> String? {
        guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "须为 6 位数字行政区划代码" }
        switch level {
        case .province:
            guard code.hasSuffix("0000") else { return "省级代码须以 0000 结尾" }
            guard parentCode == nil else { return "省级区划不能有上级" }
        case .city:
            guard code.hasSuffix("00"), !code.hasSuffix("0000") else { return "市级代码须以 00 结尾且不以 0000 结尾" }
            guard let parentCode, parentCode.prefix(2) == code.prefix(2) else { return "市级代码前两位须与上级省份一致" }
        case .county:
            guard !code.hasSuffix("00") else { return "县级代码不能以 00 结尾" }
            guard let parentCode, parentCode.prefix(4) == code.prefix(4) else { return "县级代码前四位须与上级市一致" }
        }
        return nil
    }
}
