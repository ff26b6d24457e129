namespace AttunementBot.Repair;

/// <summary>
/// The kinds of phrase in the library. They are the vocabulary of the data file, so they are
/// strings (readable in JSON and on cards) rather than an enum.
/// </summary>
public static class RepairPhraseKinds
{
    /// <summary>A plain, responsible apology containing "I'm sorry".</summary>
    public const string Apology = "apology";

    /// <summary>An invitation back into the relationship after an apology.</summary>
    public const string Invitation = "invitation";

    /// <summary>Permission up front to say "you weren't with me" (not given before).</summary>
    public const string Permission = "permission";

    /// <summary>Renews a permission the clinician has already given.</summary>
    public const string Renewal = "renewal";

    /// <summary>A gentle check-in when nothing needs repair.</summary>
    public const string CheckIn = "check-in";

    /// <summary>Returns to an apology already made in the session: it takes many repairs.</summary>
    public const string FollowUp = "follow-up";

    /// <summary>A warm, unhurried opening when nothing needs repair.</summary>
    public const string Welcome = "welcome";

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Apology, Invitation, Permission, Renewal, CheckIn, FollowUp, Welcome];
}
