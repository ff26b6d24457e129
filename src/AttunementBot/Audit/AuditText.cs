using AttunementBot.Common;

namespace AttunementBot.Audit;

/// <summary>What a lead reads of the audit trail (audit-text.json).</summary>
public sealed class AuditText() : PhraseBook("Audit/audit-text.json");
