namespace AttunementBot.Cards;

/// <summary>
/// A card template could not be bound: a syntax error, an unknown function or a type error in a
/// <c>${...}</c> expression. The message always names the template so a broken card is found quickly.
/// </summary>
public sealed class CardTemplateException : Exception
{
    public CardTemplateException()
    {
    }

    public CardTemplateException(string message)
        : base(message)
    {
    }

    public CardTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
