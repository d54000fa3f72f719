extension JudgmentRules {
    /// Every value outside its meaningful range, each naming its path relative to the version.
    public var problems: [JudgmentRulesError.Problem] {
        var found: [JudgmentRulesError.Problem] = []
        func check(_ ok: Bool, _ path: String, _ message: String) {
            if !ok { found.append(.init(path: path, message: message)) }
        }
        func share(_ value: Double, _ path: String, allowZero: Bool = false) {
            check(value.isFinite && (allowZero ? value >= 0 : value > 0) && value <= 1, path, allowZero ? "应在 0–1 之间" : "应大于 0 且不超过 1")
        }
        func nonNegative(_ value: Double, _ path: String) { check(value.isFinite && value >= 0, path, "应为非负数") }
        func positive(_ value: Int, _ path: String) { check(value > 0, path, "应为正整数") }
        func flags(_ codes: [String], _ path: String) {
            for code in codes where DataFlag(code: code).code == nil { found.append(.init(path: path, message: "未知的数据标记 \"\(code)\"")) }
        }

        check(!version.allSatisfy(\.isWhitespace), "version", "版本号不能为空")
        check(!source.isEmpty, "source", "须注明出处")
        check((1...60).contains(aggregation.hourMinimumValidMinutes), "aggregation.hourMinimumValidMinutes", "应在 1–60 之间")
        check((1...24).contains(aggregation.dayMinimumValidHours), "aggregation.dayMinimumValidHours", "应在 1–24 之间")
        check((1...31).contains(aggregation.monthMinimumValidDays), "aggregation.monthMinimumValidDays", "应在 1–31 之间")
        check((1...28).contains(aggregation.februaryMinimumValidDays), "aggregation.februaryMinimumValidDays", "应在 1–28 之间")
        share(water.dayMinimumValidShare, "water.dayMinimumValidShare")
        nonNegative(deviceMean.relativeTolerance, "deviceMean.relativeTolerance")
        nonNegative(deviceMean.absoluteTolerance, "deviceMean.absoluteTolerance")
        check(oxygen.maximumMeasuredO2 > 0 && oxygen.maximumMeasuredO2 < 21, "oxygen.maximumMeasuredO2", "应大于 0 且小于 21（%）")

        check(!substitution.rows.isEmpty, "substitution.rows", "至少需要一行")
        for (index, row) in substitution.rows.enumerated() {
            share(row.minimumCaptureRate, "substitution.rows[\(index)].minimumCaptureRate", allowZero: true)
            if let hours = row.maximumGapHours { positive(hours, "substitution.rows[\(index)].maximumGapHours") }
            positive(row.previousValidHours, "substitution.rows[\(index)].previousValidHours")
        }
        if let last = substitution.rows.last {
            check(last.minimumCaptureRate == 0 && last.maximumGapHours == nil, "substitution.rows[\(substitution.rows.count - 1)]",
                  "最后一行须适用于任何捕集率和缺失时长（minimumCaptureRate 为 0，不设 maximumGapHours），以免无替代规则可用")
        }

        check(totals.warnAtShareOfPermitted > 0 && totals.warnAtShareOfPermitted <= 1, "totals.warnAtShareOfPermitted", "应大于 0 且不超过 1")
        positive(totals.projectionBasisDays, "totals.projectionBasisDays")

        positive(gapExemption.maximumHours, "gapExemption.maximumHours")
        check(gapExemption.perQuarter >= 0, "gapExemption.perQuarter", "应为非负整数")

        positive(gaps.minimumMinutes, "gaps.minimumMinutes")
        flags(gaps.excludedFlags, "gaps.excludedFlags")

        positive(equipment.communicationLossMinimumMinutes, "equipment.communicationLossMinimumMinutes")
        positive(equipment.constantValueMinimumMinutes, "equipment.constantValueMinimumMinutes")
        nonNegative(equipment.constantValueTolerance, "equipment.constantValueTolerance")
        positive(equipment.overRangeMinimumMinutes, "equipment.overRangeMinimumMinutes")
        share(equipment.rangeEndShare, "equipment.rangeEndShare")
        var runFlags = Set<String>()
        for (index, run) in equipment.flagRuns.enumerated() {
            flags([run.flag], "equipment.flagRuns[\(index)].flag")
            check(runFlags.insert(run.flag).inserted, "equipment.flagRuns[\(index)].flag", "数据标记 \(run.flag) 重复")
            positive(run.maximumRunMinutes, "equipment.flagRuns[\(index)].maximumRunMinutes")
            positive(run.maximumRunsPerDay, "equipment.flagRuns[\(index)].maximumRunsPerDay")
        }
        for (index, expectation) in equipment.statusExpectations.enumerated() {
            check(expectation.code == EquipmentStatusTimeline.code, "equipment.statusExpectations[\(index)].code",
                  "仅支持设备状态编码 \(EquipmentStatusTimeline.code)")
            check(!expectation.values.isEmpty, "equipment.statusExpectations[\(index)].values", "至少需要一个状态值")
            flags(expectation.flags, "equipment.statusExpectations[\(index)].flags")
        }
        positive(equipment.statusContradictionMinimumMinutes, "equipment.statusContradictionMinimumMinutes")
        positive(equipment.statusHoldMinutes, "equipment.statusHoldMinutes")

        check(suspicion.oxygenNear21Percent > 0 && suspicion.oxygenNear21Percent < 21, "suspicion.oxygenNear21Percent", "应大于 0 且小于 21（%）")
        positive(suspicion.oxygenNear21MinimumHours, "suspicion.oxygenNear21MinimumHours")
        check((2...24).contains(suspicion.flatMinimumHours), "suspicion.flatMinimumHours", "应在 2–24 之间")
        nonNegative(suspicion.flatMaximumVariation, "suspicion.flatMaximumVariation")
        nonNegative(suspicion.flatMinimumLoadSwing, "suspicion.flatMinimumLoadSwing")
        share(suspicion.clusterBand, "suspicion.clusterBand")
        share(suspicion.clusterMinimumShare, "suspicion.clusterMinimumShare")
        positive(suspicion.clusterMinimumHours, "suspicion.clusterMinimumHours")
        nonNegative(suspicion.convertedRelativeTolerance, "suspicion.convertedRelativeTolerance")
        positive(suspicion.convertedMinimumHours, "suspicion.convertedMinimumHours")
        for (index, code) in suspicion.loadFactors.enumerated() {
            let valid = code.count == 6 && ["e", "g", "i", "a", "w"].contains(code.first!) && code.dropFirst().allSatisfy(\.isNumber)
            check(valid, "suspicion.loadFactors[\(index)]", "参数编码 \"\(code)\" 无效：应为小写字母加 5 位数字（如 i33400）")
        }
        check(Set(suspicion.loadFactors).count == suspicion.loadFactors.count, "suspicion.loadFactors", "编码不能重复")
        for (index, code) in suspicion.analyserParameterCodes.enumerated() {
            let valid = code.count == 6 && code.hasPrefix("i") && code.dropFirst().allSatisfy(\.isNumber)
            check(valid, "suspicion.analyserParameterCodes[\(index)]", "现场端信息编码 \"\(code)\" 无效：应为 i 加 5 位数字（如 i13008）")
        }
        return found
    }
}
