import Crypto

/// The check WeChat's servers ask of the URL they push events to (message and event pushes, the
/// URL verification handshake): `signature` = hex SHA-1 of the server token, `timestamp` and
/// `nonce` sorted as strings and concatenated. A push that fails it is not from WeChat.
public enum WeChatServerSignature {
    public static func expected(token: Secret, timestamp: String, nonce: String) -> String {
        let joined = [token.revealed, timestamp, nonce].sorted().joined()
        return Hex.encode(SHA1.digest(Array(joined.utf8)))
    }

    public static func isValid(signature: String, token: Secret, timestamp: String, nonce: String) -> Bool {
        let expected = Array(expected(token: token, timestamp: timestamp, nonce: nonce).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count else { return false }
        // Compare every byte so the time taken does not reveal how much of a forgery matched.
        var difference: UInt8 = 0
        for (left, right) in zip(expected, given) { difference |= left ^ right }
        return difference == 0
    }
}
