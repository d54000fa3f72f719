public import Foundation

extension SupervisionOrder {
    /// Opens an order for a new episode: the trigger rule for the finding decides the first
    /// stage (the highest whose conditions already hold). Only the system opens orders.
    public static func open(_ request: OrderOpeningRequest, by actor: OrderActor, at now: Date,
                            context: SupervisionContext) -> Result<OrderOutcome, OrderRefusal> {
        do throws(OrderRefusal) {
            return .success(try opening(request, by: actor, at: now, context: context))
        } catch {
            return .failure(error)
        }
    }

    /// Handles one command. Refusals change nothing.
    public func handle(_ command: OrderCommand, by actor: OrderActor, at now: Date,
                       context: SupervisionContext) -> Result<OrderOutcome, OrderRefusal> {
        do throws(OrderRefusal) {
            return .success(try handling(command, by: actor, at: now, context: context))
        } catch {
            return .failure(error)
        }
    }

    private static func opening(_ request: OrderOpeningRequest, by actor: OrderActor, at now: Date,
                                context: SupervisionContext) throws(OrderRefusal) -> OrderOutcome {
        guard actor.role == .system else { throw OrderRefusal(.roleNotAllowed, "\(actor.role.nameZh)不能开具督办单，督办单由系统根据判定开具") }
        let finding = request.finding
        if let problem = finding.problem { throw OrderRefusal(.invalidInput, problem) }
        if request.id.trimmingWhitespace.isEmpty || request.number.trimmingWhitespace.isEmpty {
            throw OrderRefusal(.invalidInput, "督办单编号和单号不能为空")
        }
        guard finding.enterpriseId == request.enterprise.id else {
            throw OrderRefusal(.findingMismatch, "发现「\(finding.id)」属于企业\(finding.enterpriseId)，不是\(request.enterprise.name)")
        }
        if let problem = request.assignedBureau.problem { throw OrderRefusal(.invalidInput, "承办部门辖区代码有误：\(problem)") }
        guard request.assignedBureau.covers(request.enterprise.location) else {
            throw OrderRefusal(.invalidInput, "承办部门\(request.assignedBureau.code)不管辖企业所在地\(request.enterprise.location.code)")
        }
        let ruleset = context.ruleset
        guard let rule = ruleset.trigger(for: finding) else {
            throw OrderRefusal(.noTrigger, "规则集\(ruleset.id)中没有适用于「\(finding.type.nameZh)」的触发规则")
        }
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: request.markingDeadline, current: nil, now: now)
        guard let target = rule.targetStage(facts) else {
            throw OrderRefusal(.noTrigger, "发现「\(finding.summaryZh)」未达到规则\(rule.id)任何阶段的触发条件")
        }
        let inhibitors = Array(Set(request.inhibitors)).sorted()
        if !inhibitors.isEmpty, !ruleset.isInhibitable(finding.type) {
            throw OrderRefusal(.notInhibitable, "规则集\(ruleset.id)不允许抑制「\(finding.type.nameZh)」督办单")
        }
        // A placeholder state computes the deadlines with the order's own type.
        var opening = OrderOpening(
            number: request.number, type: finding.type, enterprise: request.enterprise, outletId: finding.outletId,
            outletName: request.outletName, finding: finding, stage: target.stage, assignedBureau: request.assignedBureau,
            rulesetId: ruleset.id, rulesVersion: ruleset.version, triggerRuleId: rule.id, markingDeadline: request.markingDeadline,
            deadlines: [], inhibitors: inhibitors)
        let draft = SupervisionOrder(opening: opening, orderId: request.id, at: now)
        opening.deadlines = OrderTransaction(order: draft, actor: actor, now: now, context: context).entryDeadlines(for: target.stage)
        let order = SupervisionOrder(opening: opening, orderId: request.id, at: now)
        let reason = "\(finding.summaryZh)；\(target.stage.chineseName)（规则\(rule.id)：\(target.reasonZh)）"
            + (inhibitors.isEmpty ? "" : "；因设备故障\(inhibitors.joined(separator: "、"))暂予抑制")
        let event = OrderEvent(orderId: order.id, sequence: 1, occurredAt: now, actor: actor, change: .opened(opening),
                               stage: order.stage, status: order.status, reasonZh: reason)
        var transaction = OrderTransaction(order: order, events: [event], actor: actor, now: now, context: context)
        if !order.isInhibited {
            transaction.notify("\(target.stage.rawValue).\(finding.type.rawValue)", audience: .stageRecipients,
                               deadline: opening.deadlines.first)
        }
        return transaction.outcome
    }

    private func handling(_ command: OrderCommand, by actor: OrderActor, at now: Date,
                          context: SupervisionContext) throws(OrderRefusal) -> OrderOutcome {
        guard context.ruleset.id == rulesetId else {
            throw OrderRefusal(.rulesetMismatch, "督办单\(number)按规则集\(rulesetId)开具，不能按\(context.ruleset.id)办理")
        }
        try authorize(command, actor)
        var transaction = OrderTransaction(order: self, actor: actor, now: now, context: context)
        if status.isTerminal {
            switch command {
            case .tick: return transaction.outcome
            case .recordDelivery: break
            default: throw OrderRefusal(.orderEnded, "督办单\(number)已\(status.nameZh)，不能\(command.nameZh)")
            }
        }
        switch command {
        case .addFinding(let finding):
            try addFinding(finding, &transaction)
        case .withdrawFinding(let id, let reason):
            let reason = try required(reason, "撤回判定须说明原因")
            guard findings.contains(where: { $0.id == id }) else {
                throw OrderRefusal(.unknownFinding, "督办单\(number)中没有仍然成立的发现「\(id)」")
            }
            transaction.record(.findingWithdrawn(findingId: id), "判定撤回：\(reason)")
            if transaction.order.findings.isEmpty {
                if stage == .handlingAfter {
                    transaction.end(.judgmentWithdrawn(reason: reason), "所依据的判定均已撤回，办结：\(reason)")
                } else {
                    transaction.end(.cancelled(reason: "判定已撤回：\(reason)"), "所依据的判定均已撤回，撤销：\(reason)")
                }
            }
        case .clearCondition(let reason):
            let reason = try required(reason, "须说明异常如何消除")
            guard stage == .preWarning else {
                throw OrderRefusal(.wrongStage, "只有事前预警可因异常消除而办结；当前为\(stage.chineseName)，须按程序反馈和审核")
            }
            if let rule = context.ruleset.trigger(id: triggerRuleId), rule.afterConditionCleared == .awaitNextStage {
                throw OrderRefusal(.findingStillDecides,
                                   "「\(type.nameZh)」预警不因异常消除而办结（规则\(rule.id)）：须在标记截止时间前经有效标记撤回判定，否则转入后续阶段")
            }
            transaction.end(.conditionCleared(reason: reason), "异常已消除：\(reason)")
        case .tick:
            tick(&transaction)
        case .submitReply(let reply):
            try expect(stage: .dispatch, command)
            try expect(statuses: [.awaitingReply], command)
            if let problem = reply.problem { throw OrderRefusal(.invalidInput, problem) }
            let onTime = deadline(for: .enterpriseReply)?.isMet(at: now) ?? false
            let review = transaction.makeDeadline(.bureauReview)
            transaction.record(.replySubmitted(reply: reply, onTime: onTime, reviewDeadline: review),
                               "\(actor.role.nameZh)\(actor.name)提交反馈\(onTime ? "" : "（已逾期）")，附件\(reply.attachments.count)个")
            transaction.notify("reply.submitted", audience: .bureaus, urgency: .normal, deadline: review)
        case .acceptReply(let note):
            try expect(stage: .dispatch, command)
            try expect(statuses: [.underReview], command)
            transaction.record(.replyAccepted(note: note), "反馈审核通过" + (note.trimmingWhitespace.isEmpty ? "" : "：\(note)"))
            let rule = context.ruleset.trigger(id: triggerRuleId)
            if rule?.afterAcceptedReply == .close || rule?.hasStage(after: .dispatch) != true {
                transaction.end(.replyAccepted, "反馈经审核认可，督办单办结")
            } else {
                transaction.notify("reply.accepted", audience: .enterprise, urgency: .normal)
                transaction.evaluateTriggers()
            }
        case .returnReply(let reason):
            let reason = try required(reason, "退回须说明需要补充的内容")
            try expect(stage: .dispatch, command)
            try expect(statuses: [.underReview], command)
            let renewed = transaction.makeDeadline(.enterpriseReply)
            transaction.record(.replyReturned(reason: reason, replyDeadline: renewed), "反馈退回补充：\(reason)")
            transaction.notify("reply.returned", audience: .enterprise, deadline: renewed)
        case .submitResponse(let response):
            try expect(stage: .handlingAfter, command)
            try expect(statuses: [.awaitingResponse, .investigating], command)
            if let problem = response.problem { throw OrderRefusal(.invalidInput, problem) }
            if response.kind == .defence, responses.contains(where: { $0.response.kind == .confirmation }) {
                throw OrderRefusal(.alreadyConfirmed, "企业已确认违法事实，不能再提出申辩；如有新证据请举证")
            }
            let onTime = !responseWindowClosed && (deadline(for: .enterpriseResponse).map { now < $0.due } ?? true)
            transaction.record(.responseSubmitted(response: response, onTime: onTime),
                               "\(actor.role.nameZh)\(actor.name)提交\(response.kind.nameZh)\(onTime ? "" : "（期限已过）")，附件\(response.attachments.count)个")
            transaction.notify("response.submitted", audience: .bureaus, urgency: .normal)
        case .assignInvestigator(let assignment):
            try expect(stage: .handlingAfter, command)
            try expect(statuses: [.awaitingResponse, .investigating], command)
            guard !assignment.investigatorId.trimmingWhitespace.isEmpty, !assignment.investigatorName.trimmingWhitespace.isEmpty else {
                throw OrderRefusal(.invalidInput, "须指明调查人员的编号和姓名")
            }
            transaction.record(.investigatorAssigned(assignment),
                               "指派\(assignment.investigatorName)开展\(assignment.mode.nameZh)" + (investigator == nil ? "" : "（原调查人员\(investigator!.investigatorName)）"))
        case .recordInvestigation(let report):
            try expect(stage: .handlingAfter, command)
            try expect(statuses: [.investigating], command)
            guard actor.id == investigator?.investigatorId else {
                throw OrderRefusal(.notAssignedInvestigator, "调查结果须由指派的调查人员\(investigator?.investigatorName ?? "")录入")
            }
            if let problem = report.problem { throw OrderRefusal(.invalidInput, problem) }
            transaction.record(.investigationRecorded(report), "\(report.mode.nameZh)结果：\(report.findings)")
        case .decide(let decision):
            try decide(decision, &transaction)
        case .reassign(let target, let reason):
            let reason = try required(reason, "改派须说明原因")
            if let problem = target.problem { throw OrderRefusal(.invalidInput, "改派目标辖区代码有误：\(problem)") }
            guard target != assignedBureau else { throw OrderRefusal(.duplicate, "督办单\(number)已由\(target.code)承办") }
            guard actor.jurisdiction.map({ $0.covers(target) }) == true || target.covers(assignedBureau) else {
                throw OrderRefusal(.outsideJurisdiction, "改派目标\(target.code)不在您的辖区内，也不是当前承办部门\(assignedBureau.code)的上级")
            }
            transaction.record(.reassigned(from: assignedBureau, to: target), "由\(assignedBureau.code)改派至\(target.code)：\(reason)")
            transaction.notify("reassigned", audience: .bureaus, urgency: .normal)
        case .advanceStage(let target, let reason):
            let reason = try required(reason, "升级阶段须说明原因")
            guard target > stage else {
                throw OrderRefusal(.stageNotForward, "督办阶段只能向后推进：当前为\(stage.chineseName)，不能转为\(target.chineseName)")
            }
            transaction.advance(to: target, ruleId: "manual", "\(actor.role.nameZh)\(actor.name)将督办单转为\(target.chineseName)：\(reason)")
        case .cancel(let reason):
            let reason = try required(reason, "撤销须说明原因")
            transaction.end(.cancelled(reason: reason), "\(actor.role.nameZh)\(actor.name)撤销督办单：\(reason)")
        case .inhibit(let fault, let reason):
            guard context.ruleset.isInhibitable(type) else {
                throw OrderRefusal(.notInhibitable, "规则集\(rulesetId)不允许抑制「\(type.nameZh)」督办单")
            }
            guard !inhibitors.contains(fault) else { throw OrderRefusal(.duplicate, "督办单\(number)已因\(fault)抑制") }
            transaction.record(.inhibited(faultFindingId: fault), "因设备故障\(fault)暂予抑制：\(reason)")
        case .liftInhibition(let fault, let outcome):
            guard inhibitors.contains(fault) else { throw OrderRefusal(.notInhibited, "督办单\(number)未因\(fault)抑制") }
            let last = inhibitors.count == 1
            let renewed = last ? deadlines.map { transaction.makeDeadline($0.duty, escalations: $0.escalations) } : nil
            transaction.record(.inhibitionLifted(faultFindingId: fault, outcome: outcome, renewedDeadlines: renewed),
                               "解除抑制（\(fault)\(outcome.nameZh)）" + (last ? "，恢复办理，期限重新计算" : ""))
            if last {
                transaction.notify("resumed.\(stage.rawValue)", audience: .stageRecipients, deadline: renewed?.first)
                transaction.evaluateTriggers()
            }
        case .recordDelivery(let receipt):
            guard !deliveries.contains(where: { $0.deliveryId == receipt.deliveryId }) else {
                throw OrderRefusal(.duplicate, "送达记录\(receipt.deliveryId)已登记")
            }
            transaction.record(.deliveryRecorded(receipt), "\(receipt.channel)送达\(receipt.recipient)（\(receipt.kind)）")
        }
        return transaction.outcome
    }

    private func addFinding(_ finding: Finding, _ transaction: inout OrderTransaction) throws(OrderRefusal) {
        if let problem = finding.problem { throw OrderRefusal(.invalidInput, problem) }
        guard finding.enterpriseId == enterprise.id, finding.outletId == outletId, finding.type == type else {
            throw OrderRefusal(.findingMismatch, "发现「\(finding.id)」（\(finding.type.nameZh)，排口\(finding.outletId)）不属于督办单\(number)的事件（\(type.nameZh)，排口\(outletId)）")
        }
        if let existing = findings.first(where: { $0.id == finding.id }) {
            guard finding.version > existing.version else {
                throw OrderRefusal(.duplicate, "发现「\(finding.id)」第\(finding.version)版不高于已归并的第\(existing.version)版")
            }
            transaction.record(.findingUpdated(finding), "发现更新至第\(finding.version)版：\(finding.summaryZh)")
        } else {
            transaction.record(.findingAdded(finding), "归并相关发现：\(finding.summaryZh)")
        }
        transaction.evaluateTriggers()
    }

    private func decide(_ decision: OrderDecision, _ transaction: inout OrderTransaction) throws(OrderRefusal) {
        try expect(stage: .handlingAfter, .decide(decision))
        try expect(statuses: [.investigating], .decide(decision))
        guard !investigationReports.isEmpty else { throw OrderRefusal(.noInvestigationReport, "尚无调查结果，不能作出处理决定") }
        if let problem = decision.problem { throw OrderRefusal(.invalidInput, problem) }
        if case .violationConfirmed = decision, !responseWindowClosed,
           !responses.contains(where: { $0.response.kind == .confirmation }) {
            let due = deadline(for: .enterpriseResponse).map { "（至\(ChinaTime.dueText($0.due))）" } ?? ""
            throw OrderRefusal(.responseWindowOpen, "企业陈述申辩期限\(due)未届满且企业未确认，不能认定违法")
        }
        transaction.record(.decided(decision), "处理决定：\(decision.summaryZh)")
        transaction.record(.ended(.decided(decision)), "作出处理决定，督办单办结")
        transaction.actions.append(.signChainHead(reasonZh: "督办单\(number)处理决定"))
        transaction.notify("decision.\(decision.code)", audience: .stageRecipients, urgency: .normal)
    }

    private func tick(_ transaction: inout OrderTransaction) {
        guard !isInhibited else { return }
        transaction.evaluateTriggers()
        let now = transaction.now
        for deadline in transaction.order.deadlines where !deadline.overdue {
            if now >= deadline.due {
                if deadline.duty == .enterpriseResponse {
                    transaction.record(.responseWindowClosed, "企业陈述申辩期限已届满（\(ChinaTime.dueText(deadline.due))）")
                    transaction.notify("overdue.\(deadline.duty.rawValue)", audience: .bureaus, urgency: .normal)
                } else if let next = transaction.order.escalation.above {
                    let renewed = transaction.makeDeadline(deadline.duty, escalations: deadline.escalations + 1)
                    transaction.record(.escalated(duty: deadline.duty, from: transaction.order.escalation, to: next, renewed: renewed),
                                       "\(deadline.duty.nameZh)逾期（期限\(ChinaTime.dueText(deadline.due))），升级至\(next.nameZh)督办")
                    transaction.notify("overdue.\(deadline.duty.rawValue)", audience: .stageRecipients, urgency: .high, deadline: renewed)
                } else {
                    transaction.record(.overdue(duty: deadline.duty), "\(deadline.duty.nameZh)逾期（期限\(ChinaTime.dueText(deadline.due))），已由省级督办")
                    transaction.notify("overdue.\(deadline.duty.rawValue)", audience: .bureaus, urgency: .high)
                }
            } else {
                if deadline.duty == .enterpriseResponse, !transaction.order.responses.isEmpty { continue }
                let due = deadline.remindersDue(at: now, hoursBefore: transaction.context.ruleset.reminderHoursBefore)
                guard let nearest = due.first else { continue }
                transaction.record(.reminderIssued(duty: deadline.duty, hoursBefore: due),
                                   "提醒：\(deadline.duty.nameZh)将于\(ChinaTime.dueText(deadline.due))到期（提前\(nearest)小时）")
                transaction.notify("reminder.\(deadline.duty.rawValue)", audience: deadline.duty.owedByEnterprise ? .enterprise : .bureaus,
                                   deadline: deadline)
            }
        }
    }

    private func required(_ text: String, _ message: String) throws(OrderRefusal) -> String {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw OrderRefusal(.invalidInput, message) }
        return trimmed
    }

    private func expect(stage expected: OrderStage, _ command: OrderCommand) throws(OrderRefusal) {
        guard stage == expected else {
            throw OrderRefusal(.wrongStage, "「\(command.nameZh)」只适用于\(expected.chineseName)阶段，督办单\(number)当前为\(stage.chineseName)")
        }
    }

    private func expect(statuses: [OrderStatus], _ command: OrderCommand) throws(OrderRefusal) {
        guard statuses.contains(status) else {
            throw OrderRefusal(.wrongStatus, "督办单\(number)当前状态为「\(status.nameZh)」，不能\(command.nameZh)")
        }
    }
}
