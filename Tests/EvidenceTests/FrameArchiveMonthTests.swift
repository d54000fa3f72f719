import Evidence
import Foundation
import Testing

/// Filing raw frames by the China-time month of their data time.
struct FrameArchiveMonthTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("DataTime is China time, read from the frame's bytes even among GBK segments")
    func dataTimeIsChinaTime() {
        var frame = Array("##0203QN=20261129100001000;ST=31;CN=2061;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20261129100000;".utf8)
        frame += [0xC9, 0xE8, 0xB1, 0xB8]  // 设备 in GBK: not UTF-8
        frame += Array("a21026-Avg=450.0,a21026-Flag=N&&4C80\r\n".utf8)
        #expect(FrameArchiveMonth.dataTime(inFrame: frame) == Self.utc("2026-11-29T02:00:00Z"))
    }

    @Test("no DataTime, a short or non-digit value, or an impossible date: nil", arguments: [
        "QN=20261129100001000;ST=31;CN=9014;CP=&&&&",
        "CP=&&DataTime=2026112910&&",
        "CP=&&DataTime=2026112910000A;&&",
        "CP=&&DataTime=20261329100000;&&",
        "CP=&&DataTime=20260230100000;&&",
        "CP=&&DataTime=20261129250000;&&",
    ])
    func noDataTime(frame: String) {
        #expect(FrameArchiveMonth.dataTime(inFrame: Array(frame.utf8)) == nil)
    }

    @Test("the month is China time: 16:30 UTC on 30 November is already December")
    func monthInChinaTime() {
        let late = FrameArchiveMonth(containing: Self.utc("2026-11-30T16:30:00Z"))
        #expect(late == FrameArchiveMonth(year: 2026, month: 12))
        #expect(late.partitionName == "frame_archive_y2026m12")
        #expect(late.startLiteral == "2026-12-01 00:00:00+08")
        #expect(FrameArchiveMonth(containing: Self.utc("2026-11-30T15:59:59Z")).description == "2026-11")
    }

    @Test("months run on across the year; partition names sort like the months")
    func nextMonth() throws {
        let december = try #require(FrameArchiveMonth(year: 2026, month: 12))
        #expect(december.next == FrameArchiveMonth(year: 2027, month: 1))
        #expect(december.next.startLiteral == "2027-01-01 00:00:00+08")
        let september = try #require(FrameArchiveMonth(year: 2026, month: 9))
        #expect(september.next.partitionName == "frame_archive_y2026m10")
        #expect(september < december && september.partitionName < december.partitionName)
        #expect(FrameArchiveMonth(year: 2026, month: 13) == nil && FrameArchiveMonth(year: 2026, month: 0) == nil)
    }
}
