import Foundation

/// China-time text for messages (`2026-03-10 08:30`): people read marks in local time.
enum ChinaTimeText {
    static func format(_ instant: Date) -> String {
        let day = CivilDate(chinaTimeOf: instant)
        let seconds = Int((instant.timeIntervalSince1970 + Double(CivilDate.chinaOffsetSeconds)).rounded(.down))
        let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let hour = minuteOfDay / 60, minute = minuteOfDay % 60
        return "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}
