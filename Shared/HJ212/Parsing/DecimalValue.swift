/// A number as read from the wire, kept as mantissa and decimal scale so decoding needs no
/// floating-point division; `double` converts (correctly rounded) when the value is used. A negative
/// zero ("-0.0") is kept as an exact Double, since a zero mantissa has no sign.
struct DecimalValue: Sendable, Hashable {
    /// Signed digits, or the bit pattern of a Double when `scale` is `DecimalValue.exact`.
    let mantissa: Int64
    /// Number of fraction digits (0–15), or `exact`.
    let scale: Int8

    /// `mantissa` holds a Double's bits (numbers too long for the fast path, or with an exponent).
    static let exact: Int8 = -1
    static let none = DecimalValue(mantissa: 0, scale: -2)

    init(mantissa: Int64, scale: Int8) {
        self.mantissa = mantissa
        self.scale = scale
    }

    init(_ value: Double) {
        self.init(mantissa: Int64(bitPattern: value.bitPattern), scale: DecimalValue.exact)
    }

    var isNumber: Bool { scale >= DecimalValue.exact }

    /// The value: `mantissa / 10^scale` by one correctly rounded division (both operands exact, as
    /// the mantissa has at most 15 digits), or the stored Double.
    var double: Double? {
        if scale >= 0 {
            return Double(mantissa) / PowersOfTen.shared.doubles[Int(scale)]
        }
        return scale == DecimalValue.exact ? Double(bitPattern: UInt64(bitPattern: mantissa)) : nil
    }
}
