internal import CSodium

/// HMAC-SHA-256 (RFC 2104) from libsodium, for the gateways that sign requests with it (Alibaba
/// Cloud ACS3, Tencent Cloud TC3, DingTalk robots). Keys of any length are accepted: the
/// multi-part API hashes a key longer than the block size, as RFC 2104 requires, where the
/// one-shot `crypto_auth_hmacsha256` would insist on exactly 32 bytes.
public enum HMACSHA256 {
    public static let byteCount = Int(crypto_auth_hmacsha256_BYTES)

    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialised()
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: byteCount)
        // The state lives on this stack frame only; libsodium keeps no pointer to it or to the
        // key and message buffers past each call.
        // An empty array may have no storage; libsodium still wants a pointer (it reads 0 bytes).
        let keyBytes = key.isEmpty ? [0] : key
        keyBytes.withUnsafeBufferPointer { bytes in
            _ = crypto_auth_hmacsha256_init(&state, bytes.baseAddress!, key.count)
        }
        message.withUnsafeBufferPointer { messageBytes in
            _ = crypto_auth_hmacsha256_update(&state, messageBytes.baseAddress, UInt64(messageBytes.count))
        }
        _ = crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    public static func authenticate(_ message: String, key: [UInt8]) -> [UInt8] {
        authenticate(Array(message.utf8), key: key)
    }

    /// Lowercase hexadecimal, the form the ACS3 and TC3 signatures are sent in.
    public static func hex(_ message: String, key: [UInt8]) -> String {
        Hex.encode(authenticate(Array(message.utf8), key: key))
    }
}
