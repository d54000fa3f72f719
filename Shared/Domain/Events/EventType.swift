/// CloudEvent `type` values. A breaking change of a payload is a new version, never an edit.
public enum EventType {
    public static let frame = "cn.duban.frame.v1"
    public static let measurement = "cn.duban.measurement.v1"
    public static let reject = "cn.duban.reject.v1"
    public static let params = "cn.duban.params.v1"
    public static let exceedance = "cn.duban.judgment.exceedance.v1"
    public static let abnormalOperation = "cn.duban.judgment.abnormal.v1"
    public static let falsificationSuspicion = "cn.duban.judgment.suspicion.v1"
    public static let totalQuantity = "cn.duban.judgment.total.v1"
    public static let orderEvent = "cn.duban.order.event.v1"
    public static let notificationRequest = "cn.duban.notification.request.v1"
    public static let delivery = "cn.duban.delivery.v1"
    /// An accepted mark version on `duban.marks` (MarkRecord).
    public static let mark = "cn.duban.mark.v1"
    /// A reconciliation verdict on `duban.marks` (consistent, suspected false, wrong, missed mark).
    public static let markVerdict = "cn.duban.mark.verdict.v1"
    /// A yearly mark allowance's use on `duban.marks` (MarkAllowanceUse).
    public static let markAllowance = "cn.duban.mark.allowance.v1"
}
