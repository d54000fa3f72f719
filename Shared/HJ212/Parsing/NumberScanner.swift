/// Reads a measured value: `[+-]digits[.digits][e[+-]digits]` (or `.digits`), ended by `;`, `,` or
/// the end of the data area. Up to 15 digits without exponent (every real value) are converted
/// exactly and correctly rounded by one division by an exact power of ten; anything longer goes
/// through the standard library's correctly rounded parser.
enum NumberScanner {
    /// The end of the value (index of the separator or `end`) and the number, nil when malformed.
    /// `limit` is the end of readable memory (8-byte loads are used while it allows).
    @inline(__always)
    static func scan(_ base: UnsafeRawPointer, from start: Int, end: Int, limit: Int) -> (end: Int, value: Double?) {
        if start &+ 18 <= limit, let fast = scanShort(base, from: start, end: end) { return fast }
        return scanLong(base, from: start, end: end)
    }

    /// The number in `start..<end` (a value whose end is already known), nil when malformed.
    @inline(__always)
    static func parse(_ base: UnsafeRawPointer, from start: Int, to end: Int, limit: Int) -> DecimalValue? {
        if start &+ 18 <= limit, end &- start <= 16, let value = parseShort(base, from: start, to: end) { return value }
        let scanned = scanLong(base, from: start, end: end)
        guard scanned.end == end, let value = scanned.value else { return nil }
        return DecimalValue(value)
    }

    /// `[+-]` and up to 8 integer and 8 fraction digits; the loads sit at offsets known from `start`
    /// and the dot, so they do not wait on each other digit by digit. Nil: use the general path.
    @inline(__always)
    private static func parseShort(_ base: UnsafeRawPointer, from start: Int, to end: Int) -> DecimalValue? {
        let first = base.load(fromByteOffset: start, as: UInt8.self)
        let negative = first == Bytes.dash
        let digitsStart = negative || first == Bytes.plus ? start &+ 1 : start
        let length = end &- digitsStart
        guard length > 0, length <= 16 else { return nil }
        let word = SWAR.load(base, digitsStart)
        let dots = SWAR.matches(word, Bytes.dot)
        let integerDigits = dots == 0 ? length : SWAR.firstIndex(dots)
        guard integerDigits <= 8, integerDigits <= length else { return nil }
        var fractionDigits = 0
        var mantissa: UInt64
        if integerDigits == length {
            guard leadingDigits(word) >= length else { return nil }
            mantissa = UInt64(eightDigits(word, count: length))
        } else {
            fractionDigits = length &- integerDigits &- 1
            guard fractionDigits <= 8, integerDigits &+ fractionDigits > 0 else { return nil }
            let fraction = SWAR.load(base, digitsStart &+ integerDigits &+ 1)
            guard leadingDigits(word) >= integerDigits, leadingDigits(fraction) >= fractionDigits else { return nil }
            mantissa = UInt64(eightDigits(word, count: integerDigits)) &* UInt64(powerOfTenInteger(fractionDigits))
                &+ UInt64(eightDigits(fraction, count: fractionDigits))
        }
        // At most 15 digits: the mantissa stays below 2^53, so its conversion to Double is exact.
        guard integerDigits &+ fractionDigits <= 15 else { return nil }
        if negative && mantissa == 0 { return DecimalValue(-0.0) }
        let signed = Int64(bitPattern: mantissa)
        return DecimalValue(mantissa: negative ? -signed : signed, scale: Int8(truncatingIfNeeded: fractionDigits))
    }

    /// Up to 8 integer and 8 fraction digits, read a word at a time without a branch per digit.
    /// Nil means "not this shape, use the general scanner" (never "malformed").
    @inline(__always)
    private static func scanShort(_ base: UnsafeRawPointer, from start: Int, end: Int) -> (end: Int, value: Double?)? {
        var index = start
        let first = base.load(fromByteOffset: index, as: UInt8.self)
        let negative = first == Bytes.dash
        if negative || first == Bytes.plus { index &+= 1 }
        let integerWord = SWAR.load(base, index)
        let integerDigits = leadingDigits(integerWord)
        guard integerDigits < 8 else { return nil }
        var mantissa = UInt64(eightDigits(integerWord, count: integerDigits))
        index &+= integerDigits
        var fractionDigits = 0
        if index < end, base.load(fromByteOffset: index, as: UInt8.self) == Bytes.dot {
            index &+= 1
            let fractionWord = SWAR.load(base, index)
            fractionDigits = leadingDigits(fractionWord)
            guard fractionDigits < 8 else { return nil }
            mantissa = mantissa &* UInt64(powerOfTenInteger(fractionDigits)) &+ UInt64(eightDigits(fractionWord, count: fractionDigits))
            index &+= fractionDigits
        }
        guard integerDigits &+ fractionDigits > 0, index <= end else { return nil }
        if index < end {
            let stop = base.load(fromByteOffset: index, as: UInt8.self)
            guard stop == Bytes.semicolon || stop == Bytes.comma else { return nil }
        }
        // mantissa < 10^15: the signed conversion is exact and one instruction (the unsigned one is not).
        let magnitude = Double(Int64(bitPattern: mantissa)) / powerOfTen(fractionDigits)
        return (index, negative ? -magnitude : magnitude)
    }

    /// How many of the word's bytes, from the lowest, are ASCII digits (0–8).
    @inline(__always)
    private static func leadingDigits(_ word: UInt64) -> Int {
        let shifted = word ^ 0x3030_3030_3030_3030
        // A byte is a digit iff its high nibble is 0 after the XOR and adding 6 does not carry into
        // it. Carries only run towards later bytes, which do not matter once one byte failed.
        let nonDigit = (shifted | (shifted &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0
        return nonDigit == 0 ? 8 : nonDigit.trailingZeroBitCount &>> 3
    }

    /// The value of the first `count` (0–8) digit bytes of `word` (SWAR, three multiplications).
    @inline(__always)
    private static func eightDigits(_ word: UInt64, count: Int) -> UInt32 {
        guard count > 0 else { return 0 }
        // Digits to the top (the string's first digit is the lowest byte), zeros in front.
        var value = (word &- 0x3030_3030_3030_3030) &<< UInt64((8 &- count) &* 8)
        value = (value &* 10) &+ (value &>> 8)
        value = (((value & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((value &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) &>> 32
        return UInt32(truncatingIfNeeded: value)
    }

    @inline(__always)
    private static func powerOfTenInteger(_ exponent: Int) -> UInt32 {
        PowersOfTen.shared.integers[exponent]
    }

    /// Any length, exponents, malformed values: one byte at a time.
    static func scanLong(_ base: UnsafeRawPointer, from start: Int, end: Int) -> (end: Int, value: Double?) {
        var index = start
        var negative = false
        if index < end {
            let sign = base.load(fromByteOffset: index, as: UInt8.self)
            if sign == Bytes.dash {
                negative = true
                index &+= 1
            } else if sign == Bytes.plus {
                index &+= 1
            }
        }
        var mantissa: UInt64 = 0
        let integerStart = index
        while index < end {
            let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index &+= 1
        }
        var digits = index &- integerStart
        var fractionDigits = 0
        if index < end, base.load(fromByteOffset: index, as: UInt8.self) == Bytes.dot {
            index &+= 1
            let fractionStart = index
            while index < end {
                let digit = base.load(fromByteOffset: index, as: UInt8.self) &- 0x30
                guard digit < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                index &+= 1
            }
            fractionDigits = index &- fractionStart
            digits &+= fractionDigits
        }
        var simple = true
        var valid = digits > 0
        if valid, index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x65 || byte == 0x45 {
                simple = false
                index &+= 1
                if index < end {
                    let sign = base.load(fromByteOffset: index, as: UInt8.self)
                    if sign == Bytes.dash || sign == Bytes.plus { index &+= 1 }
                }
                let exponentStart = index
                while index < end, Bytes.isDigit(base.load(fromByteOffset: index, as: UInt8.self)) { index &+= 1 }
                valid = index > exponentStart
            }
        }
        if index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte != Bytes.semicolon && byte != Bytes.comma { valid = false }
        }
        guard valid else {
            while index < end {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte == Bytes.semicolon || byte == Bytes.comma { break }
                index &+= 1
            }
            return (index, nil)
        }
        if simple && digits <= 15 {
            // Both operands are exact (mantissa < 10^15 < 2^53), so one division rounds correctly.
            let magnitude = Double(Int64(bitPattern: mantissa)) / powerOfTen(fractionDigits)
            return (index, negative ? -magnitude : magnitude)
        }
        return (index, slowParse(base, start, index))
    }

    /// Long or exponent numbers: the standard library's parser (allocates; rare).
    private static func slowParse(_ base: UnsafeRawPointer, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        // Out-of-range exponents give ±infinity from the parser: not a measured value.
        return Double(text).flatMap { $0.isFinite ? $0 : nil }
    }

    /// 10^exponent for 0…15, exactly representable.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        PowersOfTen.shared.doubles[exponent]
    }
}
