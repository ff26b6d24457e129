namespace AttunementBot.Common.Audit;

/// <summary>
/// The audit trail of sensitive actions. Every feature writes to it with one line at the place the
/// action happens (or is refused); only the Audit feature reads it. It is append-only: nothing here
/// changes or removes an event.
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken);
}
