internal import CSodium

/// Ed25519 signatures (libsodium) for signed heads of the order-event chain.
public enum Ed25519 {
    public struct KeyPair: Sendable {
        public let publicKey: [UInt8]
        /// 64 bytes (seed + public key), libsodium's secret-key form.
        public let secretKey: [UInt8]
    }

    public static func generate() -> KeyPair {
        Sodium.ensureInitialised()
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = crypto_sign_keypair(&publicKey, &secretKey)
        return KeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// Derives the key pair from a 32-byte seed (how a deployment stores its signing key).
    public static func keyPair(seed: [UInt8]) -> KeyPair? {
        guard seed.count == Int(crypto_sign_SEEDBYTES) else { return nil }
        Sodium.ensureInitialised()
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
        _ = crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
        return KeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    public static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        precondition(secretKey.count == Int(crypto_sign_SECRETKEYBYTES), "Ed25519 secret key must be 64 bytes")
        Sodium.ensureInitialised()
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }

    public static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else { return false }
        Sodium.ensureInitialised()
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
