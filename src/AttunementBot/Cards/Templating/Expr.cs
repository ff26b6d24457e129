using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards.Templating;

/// <summary>
/// A parsed <c>${...}</c> expression. <paramref name="substituteMissing"/> mirrors the official engine:
/// where it is true a missing path evaluates to the text <c>${path}</c>; comparisons, conditions and
/// logic switch it off so that a missing value simply counts as null there.
/// </summary>
internal abstract record Expr
{
    public abstract TemplateValue Evaluate(Scope scope, bool substituteMissing);

    /// <summary>Evaluates where only truthiness matters; as in the official engine a failure counts as false.</summary>
    public bool EvaluateCondition(Scope scope)
    {
        try
        {
            return JsSemantics.IsTrue(Evaluate(scope, substituteMissing: false));
        }
        catch (ExpressionException)
        {
            return false;
        }
    }
}

internal sealed record LiteralExpr(JsonNode? Value) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing) => new(Value?.DeepClone());
}

/// <summary>One step of a property path: a name (<c>.name</c>) or an index (<c>[expr]</c>).</summary>
internal sealed record PathSegment(string? Name, Expr? Index);

/// <summary>A property path such as <c>person.names[0]</c>, <c>$root.title</c>, <c>$data</c> or <c>$index</c>.</summary>
internal sealed record PathExpr(string Head, IReadOnlyList<PathSegment> Segments) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing)
    {
        var path = Head;
        var found = ResolveHead(scope, out var current);
        foreach (var segment in Segments)
        {
            if (segment.Name is { } name)
            {
                path += "." + name;
                found = found && TryGetProperty(current, name, out current);
                continue;
            }

            var index = segment.Index!.Evaluate(scope, substituteMissing);
            if (JsSemantics.IsNumber(index))
            {
                var i = JsSemantics.AsNumber(index);
                path += "[" + JsSemantics.FormatNumber(i) + "]";
                found = found && TryGetItem(current, i, out current);
            }
            else if (JsSemantics.IsString(index))
            {
                var key = JsSemantics.AsString(index);
                path += "['" + key + "']";
                found = found && TryGetProperty(current, key, out current);
            }
            else
            {
                throw new ExpressionException($"the index in '{path}[...]' is neither a number nor a string");
            }
        }

        if (found)
        {
            return new TemplateValue(current);
        }

        return substituteMissing ? TemplateValue.From("${" + path + "}") : TemplateValue.Missing(path);
    }

    private bool ResolveHead(Scope scope, out JsonNode? value)
    {
        value = null;
        switch (Head)
        {
            case "$root":
                value = scope.Root;
                return true;
            case "$data":
                value = scope.CurrentData;
                return true;
            case "$index":
                value = scope.Index is { } index ? JsonValue.Create(index) : null;
                return scope.Index is not null;
            default:
                // Other $-names ($host and the like) are never given by this bot; plain names read from $data.
                return !Head.StartsWith('$') && TryGetProperty(scope.CurrentData, Head, out value);
        }
    }

    private static bool TryGetProperty(JsonNode? node, string name, out JsonNode? value)
    {
        value = null;
        if (node is not JsonObject obj)
        {
            return false;
        }

        if (obj.TryGetPropertyValue(name, out value))
        {
            return true;
        }

        // adaptive-expressions falls back to a case-insensitive match; data serialised camelCase relies on it rarely, but cards must agree.
        foreach (var (key, item) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = item;
                return true;
            }
        }

        return false;
    }

    private static bool TryGetItem(JsonNode? node, double index, out JsonNode? value)
    {
        value = null;
        if (node is not JsonArray array || index < 0 || index >= array.Count || Math.Floor(index) != index)
        {
            return false;
        }

        value = array[(int)index];
        return true;
    }
}

internal sealed record NotExpr(Expr Operand) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing) =>
        TemplateValue.From(!Operand.EvaluateCondition(scope));
}

internal sealed record LogicExpr(bool IsAnd, Expr Left, Expr Right) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing) => TemplateValue.From(
        IsAnd
            ? Left.EvaluateCondition(scope) && Right.EvaluateCondition(scope)
            : Left.EvaluateCondition(scope) || Right.EvaluateCondition(scope));
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed record ComparisonExpr(ComparisonOperator Operator, Expr Left, Expr Right) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing)
    {
        // Comparisons see missing values as null, and a failing side makes the comparison false (official behaviour).
        TemplateValue left, right;
        try
        {
            left = Left.Evaluate(scope, substituteMissing: false);
            right = Right.Evaluate(scope, substituteMissing: false);
        }
        catch (ExpressionException)
        {
            return TemplateValue.From(false);
        }

        return TemplateValue.From(Operator switch
        {
            ComparisonOperator.Equal => JsSemantics.AreEqual(left, right),
            ComparisonOperator.NotEqual => !JsSemantics.AreEqual(left, right),
            _ => Order(left, right) is { } order && Operator switch
            {
                ComparisonOperator.Less => order < 0,
                ComparisonOperator.LessOrEqual => order <= 0,
                ComparisonOperator.Greater => order > 0,
                _ => order >= 0,
            },
        });
    }

    /// <summary>Numbers compare as numbers, strings ordinally; anything else cannot be ordered (the comparison is false).</summary>
    private static int? Order(TemplateValue left, TemplateValue right)
    {
        if (JsSemantics.IsNumber(left) && JsSemantics.IsNumber(right))
        {
            return JsSemantics.AsNumber(left).CompareTo(JsSemantics.AsNumber(right));
        }

        if (JsSemantics.IsString(left) && JsSemantics.IsString(right))
        {
            return string.CompareOrdinal(JsSemantics.AsString(left), JsSemantics.AsString(right));
        }

        return null;
    }
}

/// <summary><c>a + b</c>: numbers add, and a string on either side concatenates, as in JavaScript.</summary>
internal sealed record AddExpr(Expr Left, Expr Right) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing)
    {
        var left = Left.Evaluate(scope, substituteMissing);
        var right = Right.Evaluate(scope, substituteMissing);
        if (JsSemantics.IsNumber(left) && JsSemantics.IsNumber(right))
        {
            return TemplateValue.From(JsSemantics.AsNumber(left) + JsSemantics.AsNumber(right));
        }

        if (IsText(left) && IsText(right))
        {
            return TemplateValue.From(JsSemantics.ToText(left) + JsSemantics.ToText(right));
        }

        throw new ExpressionException("'+' needs numbers or strings on both sides");
    }

    private static bool IsText(TemplateValue value) => value.Kind is JsonValueKind.String or JsonValueKind.Number;
}

internal sealed record CallExpr(TemplateFunction Function, IReadOnlyList<Expr> Arguments) : Expr
{
    public override TemplateValue Evaluate(Scope scope, bool substituteMissing) =>
        Function.Body(new FunctionCall(Function.Name, Arguments, scope, substituteMissing));
}

/// <summary>What a function body receives: its unevaluated arguments, so that if/and/or/empty can choose how to evaluate them.</summary>
internal sealed record FunctionCall(string Name, IReadOnlyList<Expr> Arguments, Scope Scope, bool SubstituteMissing)
{
    public TemplateValue Arg(int index) => Arguments[index].Evaluate(Scope, SubstituteMissing);

    public TemplateValue ArgWithoutSubstitution(int index) => Arguments[index].Evaluate(Scope, substituteMissing: false);

    public string ArgString(int index)
    {
        var value = Arg(index);
        return JsSemantics.IsString(value)
            ? JsSemantics.AsString(value)
            : throw new ExpressionException($"{Name}() needs a string as argument {(index + 1).ToString(CultureInfo.InvariantCulture)}");
    }
}
