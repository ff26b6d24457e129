namespace AttunementBot.Common.Risk;

/// <summary>The kinds of risk the lexicon groups its words by (risk-lexicon.json).</summary>
public enum RiskKind
{
    SelfHarmAndSuicide,
    HarmToOthers,
    AbuseAndNeglect,
    SafeguardingActions,
    Weapons,
    Exploitation,
    Eating,
}
