/// Powers of ten as lookup tables. A `switch` compiles to a jump table whose indirect branch
/// mispredicts on varying inputs; a load does not.
///
/// `@unchecked Sendable`: written once in `init`, read-only afterwards; the shared instance lives as
/// long as the process, so the pointers stay valid.
final class PowersOfTen: @unchecked Sendable {
    static let shared = PowersOfTen()

    /// 10^0 … 10^15 (all exact in a Double).
    let doubles: UnsafePointer<Double>
    /// 10^0 … 10^8.
    let integers: UnsafePointer<UInt32>

    private init() {
        let doubles = UnsafeMutablePointer<Double>.allocate(capacity: 16)
        var power = 1.0
        for exponent in 0..<16 {
            doubles[exponent] = power
            power *= 10
        }
        let integers = UnsafeMutablePointer<UInt32>.allocate(capacity: 9)
        var integer: UInt32 = 1
        for exponent in 0..<9 {
            integers[exponent] = integer
            integer &*= 10
        }
        self.doubles = UnsafePointer(doubles)
        self.integers = UnsafePointer(integers)
    }
}
