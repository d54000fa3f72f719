/// A monitoring point (监测点位): the data acquisition device at an outlet, known by its MN, with
/// the protocol it speaks and the factors it measures.
public struct MonitoringPoint: Sendable, Hashable, Identifiable {
    /// The HJ 212 generation the device speaks.
    public enum ProtocolVersion: String, Sendable, Hashable, CaseIterable, Codable {
        case hj212v2005 = "2005"
        case hj212v2017 = "2017"
        case hj212v2025 = "2025"
    }

    /// Strict: protocol deviations listed in hj212.md as "rejected in strict mode" are rejected;
    /// lenient: accepted and recorded.
    public enum Mode: String, Sendable, Hashable, CaseIterable, Codable {
        case strict, lenient
    }

    /// One factor the point measures, with the unit it reports in and the analyser's range.
    public struct Factor: Sendable, Hashable {
        /// HJ 212-2017 code.
        public var code: String
        public var unit: String
        public var rangeLow: Double?
        public var rangeHigh: Double?

        public init(code: String, unit: String, rangeLow: Double? = nil, rangeHigh: Double? = nil) {
            self.code = code
            self.unit = unit
            self.rangeLow = rangeLow
            self.rangeHigh = rangeHigh
        }
    }

    public var id: String
    public var outletId: String
    public var mn: String
    public var password: String
    public var protocolVersion: ProtocolVersion
    public var mode: Mode
    public var factors: [Factor]

    public init(id: String, outletId: String, mn: String, password: String, protocolVersion: ProtocolVersion, mode: Mode,
                factors: [Factor]) {
        self.id = id
        self.outletId = outletId
        self.mn = mn
        self.password = password
        self.protocolVersion = protocolVersion
        self.mode = mode
        self.factors = factors
    }

    /// Why `mn` cannot be a device id, or nil. MN is opaque (24 hex in 2017, 14 chars in 2005,
    /// other lengths in the field), but it is a header value: printable ASCII without the
    /// reserved characters `;` `,` `=` `&`.
    public static func mnProblem(_ mn: String) -> String? {
        guard (1...32).contains(mn.count) else { return "MN 长度须为 1–32 个字符" }
        guard mn.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !";,=&".unicodeScalars.contains($0) }) else {
            return "MN 只能含可打印 ASCII 字符，且不得含 ; , = &"
        }
        return nil
    }
}
