using System.Text.Json.Nodes;

namespace AttunementBot.Reflection;

/// <summary>One turn from the clinician: typed text, or a card submit's value object (Activity.Value).</summary>
/// <param name="Text">The typed text; null or ignored when <paramref name="Submit"/> is set.</param>
/// <param name="Submit">The card submit's value object, null for typed text.</param>
public sealed record UserInput(string? Text, JsonObject? Submit)
{
    public static UserInput Typed(string text) => new(text, null);

    public static UserInput Card(JsonObject submit) => new(null, submit);
}

/// <summary>Something the bot should send back, in order.</summary>
public abstract record Reply;

public sealed record TextReply(string Text) : Reply;

/// <param name="Template">File name in <c>cards/</c> without <c>.json</c>.</param>
/// <param name="Data">The data the template is bound with.</param>
public sealed record CardReply(string Template, JsonObject Data) : Reply;

/// <param name="Now">The current time, in the clinician's offset if known (the summary's date uses it).</param>
/// <param name="RecentSettledness">Settledness of the clinician's completed reflections, newest first.</param>
public sealed record ClinicianContext(DateTimeOffset Now, IReadOnlyList<int?> RecentSettledness)
{
    /// <summary>The clinician's last completed reflection, given when this turn may begin a new one (the follow-up asks about it).</summary>
    public CompletedReflection? Last { get; init; }

    public static ClinicianContext At(DateTimeOffset now) => new(now, []);
}

public sealed record CompletedReflection(string Id, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, ReflectionAnswers Answers);

/// <param name="Session">The state to save; null means delete it.</param>
/// <param name="Replies">What to send, in order.</param>
/// <param name="Completed">Set exactly once per reflection, on the turn the summary is shown: save it to history.</param>
/// <param name="Recap">
/// What the reflection's card from before this turn becomes now that the turn leaves it behind: a one-line recap
/// ("Step 1 of 6 · Presence: in and out"), or the summary or repair language kept without buttons. Null when that
/// card stays as it is.
/// </param>
/// <param name="SameCard">The turn's card is the card from before this turn, changed (a notice, help): it can replace it in place.</param>
/// <param name="Stale">A press on a card the reflection has moved on from: <see cref="Recap"/> is what that card
/// becomes; <see cref="Replies"/> show where things are, for when the pressed card cannot be told apart.</param>
public sealed record FlowOutcome(
    ReflectionSession? Session,
    IReadOnlyList<Reply> Replies,
    CompletedReflection? Completed = null,
    CardReply? Recap = null,
    bool SameCard = false,
    bool Stale = false);
