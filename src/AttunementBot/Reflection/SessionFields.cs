using System.Globalization;

namespace AttunementBot.Reflection;

/// <summary>
/// Reads and writes a session's answers by field id (the ids in reflection-steps.json). Choice values are the
/// enum names, scales "1".."5"; an empty list means "not answered".
/// </summary>
public static class SessionFields
{
    public static IReadOnlyList<string> Get(ReflectionSession session, string field)
    {
        ArgumentNullException.ThrowIfNull(session);
        return field switch
        {
            "presence" => One(session.Presence?.ToString(CultureInfo.InvariantCulture)),
            "settledness" => One(session.Settledness?.ToString(CultureInfo.InvariantCulture)),
            "pulls" => Names(session.Pulls),
            "pullOther" => One(session.PullOther),
            "misattunement" => One(session.Misattunement?.ToString()),
            "cues" => Names(session.Cues),
            "cueOther" => One(session.CueOther),
            "moment" => One(session.Moment),
            "lens" => One(session.Lens?.ToString()),
            "repair" => One(session.Repair?.ToString()),
            "permission" => One(session.Permission?.ToString()),
            "pace" => One(session.Pace?.ToString()),
            "intention" => One(session.Intention),
            "repairSince" => One(session.RepairSince?.ToString()),
            "clientMet" => One(session.ClientMet?.ToString()),
            "intentionCame" => One(session.IntentionCame?.ToString()),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown reflection field."),
        };
    }

    /// <summary>Sets a field; <paramref name="values"/> are already validated choice values (or one text).</summary>
    public static void Set(ReflectionSession session, string field, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(values);
        var first = values.Count > 0 ? values[0] : null;
        switch (field)
        {
            case "presence": session.Presence = Int(first); break;
            case "settledness": session.Settledness = Int(first); break;
            case "pulls": session.Pulls = EnumList<Pull>(values); break;
            case "pullOther": session.PullOther = first; break;
            case "misattunement": session.Misattunement = Enum<MisattunementNoticed>(first); break;
            case "cues": session.Cues = EnumList<ClientCue>(values); break;
            case "cueOther": session.CueOther = first; break;
            case "moment": session.Moment = first; break;
            case "lens": session.Lens = Enum<AttachmentLens>(first); break;
            case "repair": session.Repair = Enum<RepairSoFar>(first); break;
            case "permission": session.Permission = Enum<PermissionGiven>(first); break;
            case "pace": session.Pace = Enum<Pace>(first); break;
            case "intention": session.Intention = first; break;
            case "repairSince": session.RepairSince = Enum<RepairSince>(first); break;
            case "clientMet": session.ClientMet = Enum<ClientMet>(first); break;
            case "intentionCame": session.IntentionCame = Enum<IntentionCame>(first); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown reflection field.");
        }
    }

    private static string[] One(string? value) => value is null ? [] : [value];

    private static string[] Names<T>(List<T>? values)
        where T : struct, Enum => values is null ? [] : [.. values.Select(v => v.ToString())];

    private static int? Int(string? value) => value is null ? null : int.Parse(value, CultureInfo.InvariantCulture);

    private static T? Enum<T>(string? value)
        where T : struct, Enum => value is null ? null : System.Enum.Parse<T>(value);

    private static List<T>? EnumList<T>(IReadOnlyList<string> values)
        where T : struct, Enum => values.Count == 0 ? null : [.. values.Select(System.Enum.Parse<T>)];
}
