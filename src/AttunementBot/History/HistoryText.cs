using AttunementBot.Common;

namespace AttunementBot.History;

/// <summary>The words of "my reflections" (History/history-text.json).</summary>
public sealed class HistoryText() : PhraseBook("History/history-text.json");
