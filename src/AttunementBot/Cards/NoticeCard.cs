namespace AttunementBot.Cards;

/// <summary>
/// Data for <c>cards/notice.json</c>: a short bot message (welcome, help, a confirmation) with an
/// optional body, facts and command buttons. Render it with <c>CardLibrary.Render(NoticeCard.Template, notice)</c>.
/// </summary>
public sealed record NoticeCard(
    string Title,
    string? Body = null,
    IReadOnlyList<NoticeFact>? Facts = null,
    IReadOnlyList<NoticeAction>? Actions = null)
{
    public const string Template = "notice";
}

public sealed record NoticeFact(string Label, string Value);

/// <summary>
/// A button that stands for a typed command. In Teams it sends <paramref name="Command"/> back as if typed
/// (imBack); elsewhere the submit's value carries <c>{ "command": ... }</c>; text channels list it as "Type: ...".
/// </summary>
public sealed record NoticeAction(string Title, string Command);
