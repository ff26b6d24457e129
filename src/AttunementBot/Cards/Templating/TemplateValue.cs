using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards.Templating;

/// <summary>
/// The result of evaluating an expression: a JSON value (possibly JSON null), or "missing" when a
/// property path did not resolve. Missing is kept apart from null because the official engine treats
/// them differently: a missing path is rendered as its own <c>${path}</c> text, a null stays null.
/// </summary>
internal readonly record struct TemplateValue(JsonNode? Node, string? MissingPath = null)
{
    public static readonly TemplateValue Null = new(null);

    public bool IsMissing => MissingPath is not null;

    public JsonValueKind Kind => IsMissing ? JsonValueKind.Undefined : Node?.GetValueKind() ?? JsonValueKind.Null;

    public bool IsNullOrMissing => Kind is JsonValueKind.Null or JsonValueKind.Undefined;

    public static TemplateValue Missing(string path) => new(null, path);

    public static TemplateValue From(string value) => new(JsonValue.Create(value));

    public static TemplateValue From(double value) => new(JsonValue.Create(value));

    public static TemplateValue From(bool value) => new(JsonValue.Create(value));

    public static TemplateValue From(int value) => new(JsonValue.Create(value));
}

/// <summary>
/// The few JavaScript conversions the official engine (adaptive-expressions on Node) applies, so
/// that a card bound here reads exactly like one bound by the official engine.
/// </summary>
internal static class JsSemantics
{
    // JSON.stringify leaves non-ASCII text as it is; the default System.Text.Json encoder would escape it.
    private static readonly JsonSerializerOptions StringifyOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Truthiness of adaptive-expressions: only false, null and missing are false ("" and 0 are true).</summary>
    // JavaScript's Number.EPSILON: adaptive-expressions treats numbers closer than this as equal.
    private const double JsNumberEpsilon = 2.220446049250313e-16;

    public static bool IsTrue(TemplateValue value) => value.Kind switch
    {
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
        _ => true,
    };

    public static bool IsNumber(TemplateValue value) => value.Kind == JsonValueKind.Number;

    public static bool IsString(TemplateValue value) => value.Kind == JsonValueKind.String;

    public static double AsNumber(TemplateValue value) =>
        double.Parse(value.Node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string AsString(TemplateValue value) => value.Node!.GetValue<string>();

    /// <summary>
    /// JavaScript's <c>String(value)</c>, which the official engine uses when it interpolates text:
    /// arrays join with ",", objects read "[object Object]". Null reads as "" (the official engine
    /// fails on it; an empty string is the kinder reading).
    /// </summary>
    public static string ToText(TemplateValue value) => value.Kind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => string.Empty,
        JsonValueKind.String => AsString(value),
        JsonValueKind.Number => FormatNumber(value.Node!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join(",", value.Node!.AsArray().Select(item => ToText(new TemplateValue(item)))),
        _ => "[object Object]",
    };

    /// <summary>The <c>string()</c> function: like <see cref="ToText"/> but objects and arrays become JSON.</summary>
    public static string Stringify(TemplateValue value) => value.Kind switch
    {
        JsonValueKind.Array or JsonValueKind.Object => value.Node!.ToJsonString(StringifyOptions),
        _ => ToText(value),
    };

    public static string FormatNumber(JsonNode number)
    {
        var raw = number.ToJsonString();
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            return raw;
        }

        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return FormatNumber(d);
    }

    public static string FormatNumber(double d) =>
        Math.Floor(d) == d && Math.Abs(d) < 1e21
            ? d.ToString("F0", CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Equality of adaptive-expressions: null equals only null, no type coercion, deep for objects and arrays.</summary>
    public static bool AreEqual(TemplateValue left, TemplateValue right)
    {
        if (left.IsNullOrMissing || right.IsNullOrMissing)
        {
            return left.IsNullOrMissing && right.IsNullOrMissing;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return Math.Abs(AsNumber(left) - AsNumber(right)) < JsNumberEpsilon;
        }

        return JsonNode.DeepEquals(left.Node, right.Node);
    }
}
