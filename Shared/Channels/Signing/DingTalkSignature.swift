import Crypto
import Foundation

/// DingTalk custom robot signing ("加签"): the string to sign is the timestamp in milliseconds, a
/// newline, and the robot's `SEC…` secret; the signature is Base64 of HMAC-SHA256 keyed with that
/// secret. It travels URL-encoded as `sign`, next to `timestamp`; DingTalk refuses a timestamp more
/// than an hour from its clock.
public enum DingTalkSignature {
    public static func stringToSign(timestampMilliseconds: Int64, secret: Secret) -> String {
        "\(timestampMilliseconds)\n\(secret.revealed)"
    }

    /// Base64 of the MAC, before URL encoding (`ChannelRequest` encodes it in the query).
    public static func sign(timestampMilliseconds: Int64, secret: Secret) -> String {
        let mac = HMACSHA256.authenticate(stringToSign(timestampMilliseconds: timestampMilliseconds, secret: secret),
                                          key: Array(secret.revealed.utf8))
        return Data(mac).base64EncodedString()
    }
}
