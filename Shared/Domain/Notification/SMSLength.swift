/// SMS length and billing in China (notify.md): UCS-2, 70 characters in one message, otherwise
/// parts of 67; every character counts 1, the signature and its brackets included.
public enum SMSLength {
    public static let singleMessageCharacters = 70
    public static let partCharacters = 67
    public static let maximumCharacters = 500

    public static func characters(_ text: String) -> Int { text.count }

    public static func parts(forCharacters count: Int) -> Int {
        if count <= singleMessageCharacters { return 1 }
        return (count + partCharacters - 1) / partCharacters
    }
}
