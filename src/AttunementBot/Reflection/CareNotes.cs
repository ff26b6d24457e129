using System.Text.RegularExpressions;

namespace AttunementBot.Reflection;

/// <summary>
/// The two notes of care a reflection may add, each at most once per reflection: the care note when the clinician
/// felt unsettled now and last time too, and the risk note when their words touch on risk (reflection-text.json).
/// </summary>
internal sealed class CareNotes
{
    private readonly ReflectionTextData text;
    private readonly Regex risk;

    public CareNotes(ReflectionTextData text)
    {
        this.text = text;
        risk = new Regex(
            @"\b(" + string.Join("|", text.RiskPatterns) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(200));
    }

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

        bool found;
        try
        {
            found = risk.IsMatch(TypedText.Normalize(typed.Length > ReflectionFlow.MaxDraftLength ? typed[..ReflectionFlow.MaxDraftLength] : typed));
        }
        catch (RegexMatchTimeoutException)
        {
            found = false;
        }

        if (found)
        {
            s.RiskNoteShown = true;
            notes.Add(new TextReply(text.RiskNote));
        }
    }
}
