using AttunementBot.Common;

namespace AttunementBot.Trends;

/// <summary>What trends and the team digest say (trends-text.json).</summary>
public sealed class TrendsText() : PhraseBook("Trends/trends-text.json");
