using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards.Templating;

internal sealed record TemplateFunction(string Name, int MinArguments, int MaxArguments, Func<FunctionCall, TemplateValue> Body);

/// <summary>
/// The subset of the Adaptive Expressions prebuilt functions that the bot's cards use. Behaviour
/// follows adaptive-expressions (the engine behind the official adaptivecards-templating package),
/// which the card tests check against the real package.
/// </summary>
internal static class TemplateFunctions
{
    private static readonly FrozenDictionary<string, TemplateFunction> Functions = new TemplateFunction[]
    {
        new("if", 3, 3, call => call.Arguments[0].EvaluateCondition(call.Scope) ? call.Arg(1) : call.Arg(2)),
        new("not", 1, 1, call => TemplateValue.From(!call.Arguments[0].EvaluateCondition(call.Scope))),
        new("and", 1, int.MaxValue, call => TemplateValue.From(call.Arguments.All(a => a.EvaluateCondition(call.Scope)))),
        new("or", 1, int.MaxValue, call => TemplateValue.From(call.Arguments.Any(a => a.EvaluateCondition(call.Scope)))),
        new("equals", 2, 2, call => new ComparisonExpr(ComparisonOperator.Equal, call.Arguments[0], call.Arguments[1]).Evaluate(call.Scope, false)),
        new("empty", 1, 1, Empty),
        new("exists", 1, 1, Exists),
        new("count", 1, 1, Count),
        new("length", 1, 1, Length),
        new("join", 2, 3, Join),
        new("concat", 1, int.MaxValue, call => TemplateValue.From(string.Concat(call.Arguments.Select((_, i) => JsSemantics.ToText(call.Arg(i)))))),
        new("string", 1, 1, call => TemplateValue.From(JsSemantics.Stringify(call.Arg(0)))),
        new("toUpper", 1, 1, call => TemplateValue.From(call.ArgString(0).ToUpperInvariant())),
        new("toLower", 1, 1, call => TemplateValue.From(call.ArgString(0).ToLowerInvariant())),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Functions.Keys;

    public static TemplateFunction? Find(string name) => Functions.GetValueOrDefault(name);

    private static TemplateValue Empty(FunctionCall call)
    {
        var value = SafeArgWithoutSubstitution(call);
        return TemplateValue.From(value.Kind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => true,
            JsonValueKind.String => JsSemantics.AsString(value).Length == 0,
            JsonValueKind.Array => value.Node!.AsArray().Count == 0,
            JsonValueKind.Object => value.Node!.AsObject().Count == 0,
            _ => false,
        });
    }

    private static TemplateValue Exists(FunctionCall call) =>
        TemplateValue.From(!SafeArgWithoutSubstitution(call).IsNullOrMissing);

    /// <summary>empty() and exists() are comparisons in adaptive-expressions: a failing argument reads as missing.</summary>
    private static TemplateValue SafeArgWithoutSubstitution(FunctionCall call)
    {
        try
        {
            return call.ArgWithoutSubstitution(0);
        }
        catch (ExpressionException)
        {
            return TemplateValue.Missing(call.Name);
        }
    }

    private static TemplateValue Count(FunctionCall call)
    {
        var value = call.Arg(0);
        return value.Kind switch
        {
            JsonValueKind.String => TemplateValue.From(JsSemantics.AsString(value).Length),
            JsonValueKind.Array => TemplateValue.From(value.Node!.AsArray().Count),
            JsonValueKind.Object => TemplateValue.From(value.Node!.AsObject().Count),
            _ => throw new ExpressionException("count() needs a string, an array or an object"),
        };
    }

    private static TemplateValue Length(FunctionCall call) => TemplateValue.From(call.ArgString(0).Length);

    private static TemplateValue Join(FunctionCall call)
    {
        var list = call.Arg(0);
        if (list.Kind != JsonValueKind.Array)
        {
            throw new ExpressionException("join() needs an array as its first argument");
        }

        var items = list.Node!.AsArray().Select(item => JsSemantics.ToText(new TemplateValue(item))).ToList();
        var separator = JsSemantics.ToText(call.Arg(1));
        if (call.Arguments.Count == 3 && items.Count > 1)
        {
            // join(list, ", ", " and ") reads "a, b and c".
            var last = JsSemantics.ToText(call.Arg(2));
            return TemplateValue.From(string.Join(separator, items.Take(items.Count - 1)) + last + items[^1]);
        }

        return TemplateValue.From(string.Join(separator, items));
    }

    internal static string DescribeArity(TemplateFunction function) =>
        function.MaxArguments == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"at least {function.MinArguments}")
            : function.MinArguments == function.MaxArguments
                ? function.MinArguments.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{function.MinArguments} to {function.MaxArguments}");
}
