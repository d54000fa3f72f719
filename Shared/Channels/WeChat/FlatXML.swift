import Foundation

/// Reads the one-level `<xml><Name>value</Name>…</xml>` documents WeChat pushes in plaintext
/// mode: a value is CDATA (taken verbatim) or text with the five XML entities. Nested elements,
/// attributes and namespaces do not occur in these pushes and are not supported.
struct FlatXML {
    private let text: String

    init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var isXMLRoot: Bool { text.hasPrefix("<xml>") && text.hasSuffix("</xml>") }

    /// The value of the first `<name>` element, or nil when it is absent or not closed.
    func value(of name: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
            return nil
        }
        let inner = text[open.upperBound..<close.lowerBound]
        let trimmed = inner.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("<![CDATA["), trimmed.hasSuffix("]]>") {
            return String(trimmed.dropFirst(9).dropLast(3))
        }
        return trimmed
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
