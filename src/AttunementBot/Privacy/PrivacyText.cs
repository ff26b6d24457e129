using AttunementBot.Common;

namespace AttunementBot.Privacy;

/// <summary>What the bot says about the data it keeps (privacy-text.json).</summary>
public sealed class PrivacyText() : PhraseBook("Privacy/privacy-text.json");
