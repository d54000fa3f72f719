public import Foundation

extension SupervisionOrder {
    /// The variables a notification template may use, formatted for people in China time.
    public func notificationVariables(deadline: OrderDeadline?) -> [String: String] {
        var variables = [
            "orderNumber": number,
            "enterprise": enterprise.name,
            "outlet": outletName,
            "type": type.nameZh,
            "stage": stage.chineseName,
        ]
        do {
            let finding = primaryFinding
            let start = ChinaTime.components(of: finding.start)
            variables["period"] = "\(start.month)月\(start.day)日\(start.hour)时"
            variables["factor"] = finding.factorName ?? finding.factor ?? ""
            if let value = finding.value { variables["value"] = Self.oneDecimal(value) }
            if let limit = finding.limit { variables["limit"] = Self.oneDecimal(limit) }
            if let unit = finding.unit { variables["unit"] = unit }
        }
        if let deadline { variables["deadline"] = ChinaTime.dueText(deadline.due) }
        return variables
    }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }

    /// When the clock should next look at the order: the earliest reminder, deadline or time
    /// trigger still ahead of `now`. Nil for ended or inhibited orders, or nothing ahead.
    public func nextCheck(after now: Date, context: SupervisionContext) -> Date? {
        guard !status.isTerminal, !isInhibited else { return nil }
        var moments: [Date] = []
        for deadline in deadlines where !deadline.overdue {
            moments.append(deadline.due)
            moments += context.ruleset.reminderHoursBefore.filter { !deadline.remindersIssued.contains($0) }
                .map { deadline.due.addingTimeInterval(-Double($0) * 3600) }
        }
        if let rule = context.ruleset.trigger(id: triggerRuleId) {
            for (index, stageRule) in rule.stages.enumerated() where stageRule.stage > stage {
                for condition in stageRule.anyOf {
                    switch condition {
                    case .pastMarkingDeadline(let grace):
                        if let markingDeadline { moments.append(markingDeadline.addingTimeInterval(grace * 3600)) }
                    case .hoursInPreviousStage(let hours) where index > 0 && rule.stages[index - 1].stage == stage:
                        moments.append(stageEnteredAt.addingTimeInterval(hours * 3600))
                    default:
                        break
                    }
                }
            }
        }
        return moments.filter { $0 > now }.min()
    }
}
