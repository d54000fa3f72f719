public import Foundation
import Domain

/// Where Dispatch files a raw frame for evidence: the China-time month of its data time, one
/// PostgreSQL partition per month (`dispatch.frame_archive_y2026m11`), so retention ends a whole
/// month at once. The data time is read from the frame's own bytes (`DataTime=`), since
/// `FrameRecord` carries only the time it was received.
public struct FrameArchiveMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…12.
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month an instant falls in, China time.
    public init(containing instant: Date) {
        let parts = ChinaTime.components(of: instant)
        year = parts.year
        month = parts.month
    }

    public var next: FrameArchiveMonth {
        month == 12 ? FrameArchiveMonth(year: year + 1, month: 1)! : FrameArchiveMonth(year: year, month: month + 1)!
    }

    /// `frame_archive_y2026m11`: digits only, safe to write into DDL.
    public var partitionName: String { "frame_archive_y\(year)m\(Self.pad(month))" }

    /// The first instant of the month as a PostgreSQL timestamptz literal, `2026-11-01 00:00:00+08`.
    public var startLiteral: String { "\(year)-\(Self.pad(month))-01 00:00:00+08" }

    public var description: String { "\(year)-\(Self.pad(month))" }

    public static func < (lhs: FrameArchiveMonth, rhs: FrameArchiveMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    /// The frame's `DataTime=YYYYMMDDhhmmss` (China time, HJ 212), or nil when it has none or it
    /// is not a valid instant (a split packet's later parts, a malformed value). The bytes
    /// around it may be in any encoding (GBK segments): only the ASCII key and digits are read.
    public static func dataTime(inFrame raw: [UInt8]) -> Date? {
        let key = Array("DataTime=".utf8)
        guard raw.count >= key.count + 14 else { return nil }
        guard let start = (0...(raw.count - key.count - 14)).first(where: { raw[$0..<($0 + key.count)].elementsEqual(key) }) else { return nil }
        let digits = Array(raw[(start + key.count)..<(start + key.count + 14)])
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ offset: Int, _ length: Int) -> Int {
            digits[offset..<(offset + length)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: ChinaTime.offsetSeconds)!
        let components = DateComponents(calendar: calendar, timeZone: calendar.timeZone, year: number(0, 4), month: number(4, 2),
                                        day: number(6, 2), hour: number(8, 2), minute: number(10, 2), second: number(12, 2))
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
