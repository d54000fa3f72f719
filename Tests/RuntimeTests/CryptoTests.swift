import Crypto
import Testing

struct CryptoTests {
    @Test("SHA-256 of the standard test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("Ed25519 signs and verifies; a changed byte or another key fails")
    func ed25519() throws {
        let seed = [UInt8](repeating: 7, count: 32)
        let pair = try #require(Ed25519.keyPair(seed: seed))
        #expect(Ed25519.keyPair(seed: seed)?.publicKey == pair.publicKey)
        let message = Array("chain head 42".utf8)
        let signature = Ed25519.sign(message, secretKey: pair.secretKey)
        #expect(Ed25519.verify(signature, message: message, publicKey: pair.publicKey))
        var tampered = message
        tampered[0] ^= 1
        #expect(!Ed25519.verify(signature, message: tampered, publicKey: pair.publicKey))
        #expect(!Ed25519.verify(signature, message: message, publicKey: Ed25519.generate().publicKey))
        #expect(Ed25519.keyPair(seed: [1, 2, 3]) == nil)
    }

    @Test("hex round trip and rejection of bad digits")
    func hex() {
        #expect(Hex.encode([0, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0, 0xAB, 0xFF])
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("abc") == nil)
    }
}
