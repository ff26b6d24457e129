using AttunementBot.Common.Risk;

namespace AttunementBot.Reflection;

/// <summary>
/// The two notes of care a reflection may add, each at most once per reflection: the care note when the clinician
/// felt unsettled now and last time too, and the risk note when any free text they write touches on risk
/// (<see cref="RiskDetector"/>; the words are in reflection-text.json).
/// </summary>
internal sealed class CareNotes(ReflectionTextData text, RiskDetector risk)
{
    /// <summary>After <paramref name="field"/> is answered: settledness 1 or 2, and 1 or 2 in the last completed reflection.</summary>
    public void CheckSettledness(ReflectionSession s, string field, ClinicianContext context, List<Reply> notes)
    {
        if (field != "settledness" || s.CareNoteShown || s.Settledness is not (1 or 2))
        {
            return;
        }

        if (context.RecentSettledness is [ (1 or 2), ..])
        {
            s.CareNoteShown = true;
            notes.Add(new TextReply(text.CareNote));
        }
    }

    /// <summary>Any words the clinician wrote, answered or not.</summary>
    public void CheckRisk(ReflectionSession s, string? typed, List<Reply> notes)
    {
        if (s.RiskNoteShown || string.IsNullOrWhiteSpace(typed))
        {
            return;
        }

        if (risk.Touches(typed))
        {
            s.RiskNoteShown = true;
            notes.Add(new TextReply(text.RiskNote));
        }
    }
}
