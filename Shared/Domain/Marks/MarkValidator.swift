import Foundation

/// Checks a mark submission against the catalogue, the marking policy in force and the other marks
/// of the outlet, and says every rule it breaks with a stable code and a Chinese message. Pure:
/// the caller supplies the registry's view of the subject and the stored marks.
public struct MarkValidator: Sendable {
    /// A submission the rules accept, with how it must be recorded.
    public struct Acceptance: Sendable, Hashable {
        /// Submitted after the marking deadline, inside the back-marking window (补标).
        public var late: Bool
        /// A bureau-approved correction after the lock.
        public var correction: Bool
        /// The marking policy that decided the window and caps.
        public var policyId: String
    }

    public let catalogue: MarkCatalogue
    public let settings: MarkValidationSettings

    public init(catalogue: MarkCatalogue, settings: MarkValidationSettings) {
        self.catalogue = catalogue
        self.settings = settings
    }

    public func validate(_ submission: MarkSubmission, context: MarkValidationContext) -> Result<Acceptance, MarkRefusalList> {
        var problems: [MarkValidationProblem] = []
        // What the mark's span and type are after this change.
        let effective: (typeId: String, start: Date, end: Date)
        switch submission.action {
        case .rejectProposal:
            // Whether the proposal exists and is still open is the proposal store's to say.
            guard let proposal = submission.proposalId, !proposal.isEmpty else {
                return .failure(.init(.incomplete, "驳回标记提议须指定提议编号"))
            }
            if (submission.note ?? "").allSatisfy(\.isWhitespace) {
                return .failure(.init(.noteMissing, "驳回标记提议须说明理由"))
            }
            return .success(Acceptance(late: false, correction: false, policyId: ""))
        case .create:
            guard submission.markId == nil || submission.markId?.isEmpty == true, let draft = submission.draft else {
                return .failure(.init(.incomplete, "新增标记须填写标记内容，且不得指定已有标记编号"))
            }
            effective = (draft.typeId, draft.start, draft.end)
        case .amend, .withdraw:
            guard let markId = submission.markId, !markId.isEmpty else {
                return .failure(.init(.incomplete, "\(submission.action.nameZh)须指定标记编号"))
            }
            guard let previous = context.previous, previous.id == markId else {
                return .failure(.init(.markNotFound, "没有编号为「\(markId)」的标记"))
            }
            if previous.status == .withdrawn {
                return .failure(.init(.markWithdrawn, "标记「\(markId)」已撤销，不能再\(submission.action == .amend ? "修改" : "撤销")"))
            }
            if (submission.note ?? "").allSatisfy(\.isWhitespace) {
                problems.append(.init(.noteMissing, "\(submission.action.nameZh)须说明修改内容和理由"))
            }
            if previous.role == MarkSubmitterRole.bureau.rawValue, submission.role != .bureau {
                problems.append(.init(.roleNotAllowed, "标记「\(markId)」为生态环境部门批准的更正，只能由生态环境部门再更正"))
            }
            if submission.action == .amend {
                guard let draft = submission.draft else { return .failure(.init(.incomplete, "修改标记须填写修改后的标记内容")) }
                if let outlet = draft.outletId, outlet != previous.outletId {
                    problems.append(.init(.subjectChanged, "修改不能把标记移到另一个排放口（原为 \(previous.outletId)）"))
                }
                if draft.mn != previous.mn {
                    problems.append(.init(.subjectChanged, "修改不能改变标记的监测点（原为 \(previous.mn ?? "整个排放口")）"))
                }
                effective = (draft.typeId, min(draft.start, previous.start), draft.end)
            } else {
                effective = (previous.typeId, previous.start, previous.end)
            }
        }
        if let draft = submission.draft, submission.action != .withdraw {
            problems += contentProblems(draft, markId: submission.markId, context: context)
        }
        // The window is decided by the earliest data the change touches.
        let day = CivilDate(chinaTimeOf: effective.start)
        guard let policy = catalogue.policy(province: context.province, on: day) else {
            problems.append(.init(.policyMissing, "\(day) 没有适用于 \(context.province) 的标记规则"))
            return .failure(MarkRefusalList(problems))
        }
        if let draft = submission.draft, submission.action != .withdraw {
            problems += capProblems(draft, markId: submission.markId, policy: policy, context: context)
        }
        var late = false
        var correction = false
        switch policy.window(forDataAt: effective.start, now: context.now) {
        case .open: break
        case .backMarking: late = true
        case .locked:
            let lockedAt = ChinaTimeText.format(policy.lock(forDataAt: effective.start))
            if submission.role != .bureau {
                problems.append(.init(.locked, "\(ChinaTimeText.format(effective.start)) 起的数据已于 \(lockedAt) 锁定，只能由生态环境部门批准更正",
                                      ruleId: policy.id))
            } else if (submission.approvalReference ?? "").allSatisfy(\.isWhitespace) {
                problems.append(.init(.approvalMissing, "锁定后的更正须注明生态环境部门的批准文号", ruleId: policy.id))
            } else {
                correction = true
            }
        }
        guard problems.isEmpty else { return .failure(MarkRefusalList(problems)) }
        return .success(Acceptance(late: late, correction: correction, policyId: policy.id))
    }

    /// Subject, type, span, reason and evidence of a create or amend.
    private func contentProblems(_ draft: MarkDraft, markId: String?, context: MarkValidationContext) -> [MarkValidationProblem] {
        var problems: [MarkValidationProblem] = []
        let day = CivilDate(chinaTimeOf: draft.start)
        if draft.start >= draft.end {
            problems.append(.init(.rangeInverted, "标记开始时间 \(ChinaTimeText.format(draft.start)) 须早于结束时间 \(ChinaTimeText.format(draft.end))"))
        }
        let latest = context.now.addingTimeInterval(TimeInterval(settings.futureToleranceMinutes * 60))
        if draft.end > latest {
            problems.append(.init(.rangeInFuture, "标记结束时间 \(ChinaTimeText.format(draft.end)) 晚于当前时间，不能标记尚未产生的数据"))
        }
        let hours = draft.end.timeIntervalSince(draft.start) / 3600
        if hours > settings.maximumSpanHours {
            problems.append(.init(.rangeTooLong, "单条标记时长 \(Self.hours(hours)) 小时，超过上限 \(Self.hours(settings.maximumSpanHours)) 小时，请分段标记"))
        }
        if let factors = context.pointFactors {
            for factor in draft.factors where !factors.contains(factor) {
                problems.append(.init(.factorNotMeasured, "监测点 \(draft.mn ?? "") 不监测因子 \(factor)"))
            }
        }
        guard let type = catalogue.type(id: draft.typeId) else {
            problems.append(.init(.typeUnknown, "标记目录中没有标记类型「\(draft.typeId)」"))
            return problems
        }
        if !type.effective.contains(day) {
            problems.append(.init(.typeNotInForce, "标记类型「\(type.nameZh)」在 \(day) 不适用（适用期 \(type.effective)）"))
        }
        if type.family == .workingCondition, !type.industries.contains(context.industry) {
            problems.append(.init(.typeNotForIndustry, "「\(type.nameZh)」是\(type.industries.map(\.nameZh).sorted().joined(separator: "、"))行业的工况标记，不适用于\(context.industry.nameZh)企业"))
        } else if type.family == .workingCondition, let allowed = settings.unitTypes[type.id] {
            if let unit = context.unitType, !allowed.contains(unit) {
                problems.append(.init(.typeNotForUnit, "「\(type.nameZh)」只适用于\(allowed.map(\.nameZh).sorted().joined(separator: "、"))，不适用于\(unit.nameZh)"))
            } else if context.unitType == nil {
                problems.append(.init(.typeNotForUnit, "「\(type.nameZh)」须标记在\(allowed.map(\.nameZh).sorted().joined(separator: "、"))的排放口上，该排放口未登记生产设施"))
            }
        }
        if type.family == .equipment, draft.mn == nil {
            problems.append(.init(.pointRequired, "设备标记「\(type.nameZh)」须指定监测点（MN）"))
        }
        if let reasonProblem = type.reasonProblem(draft.reason) {
            let code: MarkValidationCode = draft.reason.allSatisfy(\.isWhitespace) ? .reasonMissing : .reasonPrefix
            problems.append(.init(code, "「\(type.nameZh)」\(reasonProblem)"))
        }
        let trimmed = draft.reason.drop(while: \.isWhitespace)
        let declared = draft.reasonKind == .planned ? "【计划内】" : "【计划外】"
        if let prefix = MarkType.reasonPrefixes.first(where: { trimmed.hasPrefix($0) }), prefix != declared {
            problems.append(.init(.reasonKindMismatch, "原因以\(prefix)开头，与所选类别\(declared)不一致"))
        }
        for attachment in draft.attachments {
            if let problem = attachment.problem(maximumBytes: settings.maximumAttachmentBytes) {
                problems.append(.init(.attachmentInvalid, problem))
            }
        }
        let kinds = Set(draft.attachments.map(\.kind))
        for evidence in type.evidence where evidence.required && !kinds.contains(evidence.code) {
            problems.append(.init(.evidenceMissing, "「\(type.nameZh)」须附「\(evidence.nameZh)」（\(evidence.code)）"))
        }
        let mine = MarkPeriod(id: "new", typeId: draft.typeId, start: draft.start, end: draft.end)
        let sameSubject = context.others.filter { other in
            // The mark's own previous version is replaced, not overlapped.
            guard other.status == .active, other.id != markId, let otherType = catalogue.type(id: other.typeId) else { return false }
            // Equipment marks meet only on the same point and factors; working-condition marks cover the outlet.
            if otherType.family == .equipment, type.family == .equipment {
                if let mine = draft.mn, let theirs = other.mn, mine != theirs { return false }
                return draft.factors.isEmpty || other.factors.isEmpty || !Set(draft.factors).isDisjoint(with: other.factors)
            }
            return true
        }
        let periods = sameSubject.map { MarkPeriod(id: $0.id, typeId: $0.typeId, start: $0.start, end: $0.end) }
        for conflict in catalogue.conflicts(of: mine, with: periods) {
            let suffix = conflict.provisional ? "（规则暂定）" : ""
            problems.append(.init(.overlapConflict, "与标记「\(conflict.existingMarkId)」冲突：\(conflict.messageZh)\(suffix)", ruleId: conflict.ruleId))
        }
        return problems
    }

    /// Per-occurrence and yearly duration caps of the policy in force.
    private func capProblems(_ draft: MarkDraft, markId: String?, policy: MarkingPolicy, context: MarkValidationContext) -> [MarkValidationProblem] {
        guard draft.start < draft.end, let cap = policy.cap(for: draft.typeId) else { return [] }
        var problems: [MarkValidationProblem] = []
        let name = catalogue.type(id: draft.typeId)?.nameZh ?? draft.typeId
        let hours = draft.end.timeIntervalSince(draft.start) / 3600
        if let perOccurrence = cap.perOccurrenceHours, hours > perOccurrence {
            problems.append(.init(.occurrenceCapExceeded, "「\(name)」单次时长 \(Self.hours(hours)) 小时，超过\(policy.ruleVersion)规定的 \(Self.hours(perOccurrence)) 小时",
                                  ruleId: policy.id))
        }
        if let yearly = cap.yearlyHours {
            let used = MarkAllowance.hoursByYear(context.others.filter {
                $0.status == .active && $0.typeId == draft.typeId && $0.id != markId && $0.outletId == context.outletId
            }.map { (start: $0.start, end: $0.end) })
            for (year, adding) in MarkAllowance.hoursByYear(from: draft.start, to: draft.end).sorted(by: { $0.key < $1.key }) {
                let before = used[year] ?? 0
                if before + adding > yearly + 1e-9 {
                    problems.append(.init(.yearlyCapExceeded,
                                          "「\(name)」\(year)年已用 \(Self.hours(before)) 小时，本次 \(Self.hours(adding)) 小时，超过年度累计上限 \(Self.hours(yearly)) 小时",
                                          ruleId: policy.id))
                }
            }
        }
        return problems
    }

    static func hours(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
