/// Reads a measured value: `[+-]digits[.digits][e[+-]digits]` (or `.digits`), ended by `;`, `,` or
/// the end of the data area. Up to 15 significant digits without exponent (every real value) are
/// converted exactly and correctly rounded by one division by an exact power of ten; anything
/// longer goes through the standard library's correctly rounded parser.
enum NumberScanner {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The end of the value (index of the separator or `end`) and the number, nil when malformed.
    static func scan(_ base: UnsafeRawPointer, from start: Int, end: Int) -> (end: Int, value: Double?) {
        var index = start
        var negative = false
        if index < end {
            let sign = base.load(fromByteOffset: index, as: UInt8.self)
            if sign == Bytes.dash {
                negative = true
                index += 1
            } else if sign == Bytes.plus {
                index += 1
            }
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var fractionDigits = 0
        var simple = true
        while index < end {
            let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
            guard digit < 10 else { break }
            digits += 1
            if mantissa != 0 || digit != 0 { significant += 1 }
            if significant <= 18 { mantissa = mantissa &* 10 &+ UInt64(digit) }
            index += 1
        }
        if index < end, base.load(fromByteOffset: index, as: UInt8.self) == Bytes.dot {
            index += 1
            while index < end {
                let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                guard digit < 10 else { break }
                digits += 1
                fractionDigits += 1
                if mantissa != 0 || digit != 0 { significant += 1 }
                if significant <= 18 { mantissa = mantissa &* 10 &+ UInt64(digit) }
                index += 1
            }
        }
        var valid = digits > 0
        if valid, index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x65 || byte == 0x45 {
                simple = false
                index += 1
                if index < end {
                    let sign = base.load(fromByteOffset: index, as: UInt8.self)
                    if sign == Bytes.dash || sign == Bytes.plus { index += 1 }
                }
                let exponentStart = index
                while index < end, Bytes.isDigit(base.load(fromByteOffset: index, as: UInt8.self)) { index += 1 }
                valid = index > exponentStart
            }
        }
        if index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte != Bytes.semicolon && byte != Bytes.comma {
                valid = false
            }
        }
        guard valid else {
            while index < end {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte == Bytes.semicolon || byte == Bytes.comma { break }
                index += 1
            }
            return (index, nil)
        }
        if simple, significant <= 15, fractionDigits <= 22 {
            let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
            return (index, negative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        // Out-of-range exponents give ±infinity from the parser: not a measured value.
        return (index, Double(text).flatMap { $0.isFinite ? $0 : nil })
    }
}
