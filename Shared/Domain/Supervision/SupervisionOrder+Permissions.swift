extension SupervisionOrder {
    /// Who may ask for what. The system acts on judgments, marks, deliveries and the clock; the
    /// enterprise (or its O&M operator) answers; officers whose bureau covers the order's
    /// assigned bureau review, investigate, decide, reassign and cancel.
    func authorize(_ command: OrderCommand, _ actor: OrderActor) throws(OrderRefusal) {
        switch command {
        case .addFinding, .withdrawFinding, .clearCondition, .tick, .inhibit, .liftInhibition, .recordDelivery:
            guard actor.role == .system else { throw refuseRole(command, actor) }
        case .submitReply:
            guard actor.role == .enterpriseUser || actor.role == .operationsStaff else { throw refuseRole(command, actor) }
            try requireOwnEnterprise(command, actor)
        case .submitResponse(let response):
            switch actor.role {
            case .enterpriseUser:
                break
            case .operationsStaff where response.kind == .evidence:
                break
            case .operationsStaff:
                throw OrderRefusal(.roleNotAllowed, "运维人员只能举证；陈述、申辩、确认须由企业本身作出")
            default:
                throw refuseRole(command, actor)
            }
            try requireOwnEnterprise(command, actor)
        case .acceptReply, .returnReply, .assignInvestigator, .recordInvestigation, .decide, .reassign, .advanceStage, .cancel:
            guard actor.role.isOfficer, let jurisdiction = actor.jurisdiction else { throw refuseRole(command, actor) }
            guard jurisdiction.covers(assignedBureau) else {
                throw OrderRefusal(.outsideJurisdiction,
                                   "督办单\(number)由\(assignedBureau.code)承办，不在您所在部门\(jurisdiction.code)的管辖范围内，不能\(command.nameZh)")
            }
        }
    }

    private func refuseRole(_ command: OrderCommand, _ actor: OrderActor) -> OrderRefusal {
        OrderRefusal(.roleNotAllowed, "\(actor.role.nameZh)不能\(command.nameZh)")
    }

    private func requireOwnEnterprise(_ command: OrderCommand, _ actor: OrderActor) throws(OrderRefusal) {
        guard actor.actsFor(enterpriseId: enterprise.id) else {
            throw OrderRefusal(.notOwnEnterprise, "督办单\(number)属于\(enterprise.name)，您无权代其\(command.nameZh)")
        }
    }
}
