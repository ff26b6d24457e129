namespace AttunementBot.Audit;

/// <summary>One event as stored, for reading: the event's fields and when it was recorded.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Action, bool Refused, string Actor, string? Subject, string? GroupId);
