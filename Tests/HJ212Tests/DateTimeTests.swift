import HJ212
import Testing

@Suite("HJ212DateTime")
struct DateTimeTests {
    @Test func parsesFourteenAndSeventeenDigits() {
        #expect(HJ212DateTime("20160801085857")?.digits == "20160801085857")
        #expect(HJ212DateTime("20160801085857223")?.millisecond == 223)
        #expect(HJ212DateTime("20160801085857223")?.qnDigits == "20160801085857223")
        #expect(HJ212DateTime("2016080108585") == nil)
        #expect(HJ212DateTime("201608010858572") == nil)
        #expect(HJ212DateTime("2016080108585x") == nil)
    }

    @Test(arguments: ["20240229000000", "20000229235959", "19991231235959", "20231130120000"])
    func acceptsRealDates(_ text: String) {
        #expect(HJ212DateTime(text) != nil)
    }

    @Test(arguments: ["20230229000000", "19000229000000", "20231131120000", "20231301000000", "20230001000000",
                      "20230100000000", "20230101240000", "20230101126000", "20230101120060", "18991231000000"])
    func rejectsImpossibleDates(_ text: String) {
        #expect(HJ212DateTime(text) == nil)
    }

    @Test func readsTheTimeAsChinaStandardTime() throws {
        // 2016-08-01 08:58:57 +08:00 is 2016-08-01 00:58:57 UTC.
        let time = try #require(HJ212DateTime("20160801085857"))
        #expect(time.unixSeconds == 1_470_013_137)
        #expect(time.description == "2016-08-01T08:58:57+08:00")
        let epoch = try #require(HJ212DateTime("19700101080000"))
        #expect(epoch.unixSeconds == 0)
        #expect(HJ212DateTime(unixSeconds: 0)?.digits == "19700101080000")
    }

    @Test func unixSecondsRoundTrip() throws {
        var random = SeededRandom(seed: 2026)
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_208_988_800 + 86_400...32_503_680_000 - 86_400, using: &random)
            let time = try #require(HJ212DateTime(unixSeconds: seconds))
            #expect(time.unixSeconds == seconds)
            #expect(HJ212DateTime(time.digits) == time)
        }
    }

    @Test func ordersByTime() throws {
        let earlier = try #require(HJ212DateTime("20231231235959999"))
        let later = try #require(HJ212DateTime("20240101000000000"))
        #expect(earlier < later)
    }
}
