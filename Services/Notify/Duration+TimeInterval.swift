import Foundation

extension Duration {
    /// Seconds as Foundation counts them (for `Date` arithmetic and SQL intervals).
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
