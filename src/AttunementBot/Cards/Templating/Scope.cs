using System.Text.Json.Nodes;

namespace AttunementBot.Cards.Templating;

/// <summary>
/// What names resolve against while binding: <c>$root</c> (the data given to Bind), <c>$data</c> (the
/// nearest <c>$data</c> scope, falling back to the root) and <c>$index</c> (the position in the nearest
/// repeated array). Immutable, so nested elements get a new scope and the parent's stays as it was.
/// </summary>
internal sealed record Scope(JsonNode? Root, JsonNode? Data, bool HasData, int? Index)
{
    public static Scope ForRoot(JsonNode? root) => new(root, null, false, null);

    public JsonNode? CurrentData => HasData ? Data : Root;

    public Scope WithData(JsonNode? data) => this with { Data = data, HasData = true };

    public Scope WithItem(JsonNode? data, int index) => this with { Data = data, HasData = true, Index = index };
}

/// <summary>An expression failed while evaluating (wrong argument type and the like).</summary>
internal sealed class ExpressionException(string message) : Exception(message);

/// <summary>An expression could not be parsed, or names an unknown function.</summary>
internal sealed class ExpressionSyntaxException(string message) : Exception(message);
