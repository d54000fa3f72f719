/// A random nonce for a signed request (`x-acs-signature-nonce`): 32 lowercase hex digits.
public enum SignatureNonce {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next(upperBound: UInt8(16)))] })
    }
}
