namespace UtilityInsights.Billing;

/// <summary>The stage of an overdue-balance notice: a friendly first reminder, then a second notice.</summary>
public enum NoticeStage
{
    FirstReminder,
    SecondNotice,
}
