using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Cards.Templating;

namespace AttunementBot.Cards;

/// <summary>
/// Binds an Adaptive Card template to data, following the Adaptive Cards templating language as the
/// official engine (npm adaptivecards-templating 2.3) implements it; the card tests compare the two.
/// <list type="bullet">
/// <item>A string that is exactly one <c>${expr}</c> keeps the value's JSON type; other strings interpolate.</item>
/// <item><c>$data</c> on an object: an array repeats the object once per item (<c>$index</c> is the position), anything else becomes the new scope.</item>
/// <item><c>$when</c> drops the object unless it evaluates to <c>true</c>.</item>
/// <item>A path that does not resolve renders as its own text, <c>${path}</c>; a null value stays null.</item>
/// </list>
/// </summary>
public static class CardTemplate
{
    private static readonly string[] ReservedProperties = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    public static JsonNode? Bind(JsonNode template, JsonNode? data) => Bind(template, data, "(inline template)");

    /// <param name="templateName">Named in error messages, for example "notice".</param>
    public static JsonNode? Bind(JsonNode template, JsonNode? data, string templateName)
    {
        ArgumentNullException.ThrowIfNull(template);
        try
        {
            return Expand(template, Scope.ForRoot(data)).Node;
        }
        catch (ExpressionSyntaxException ex)
        {
            throw new CardTemplateException($"Card template '{templateName}': {ex.Message}.", ex);
        }
        catch (ExpressionException ex)
        {
            throw new CardTemplateException($"Card template '{templateName}': {ex.Message}.", ex);
        }
    }

    /// <summary>Expands one node. Missing means "leave the property out", as for an undefined value in the official engine.</summary>
    private static TemplateValue Expand(JsonNode? node, Scope scope) => node switch
    {
        JsonArray array => new TemplateValue(ExpandArray(array, scope)),
        JsonObject obj => ExpandObject(obj, scope),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => ExpandString(value.GetValue<string>(), scope),
        _ => new TemplateValue(node?.DeepClone()),
    };

    private static JsonArray ExpandArray(JsonArray array, Scope scope)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            var expanded = Expand(item, scope);
            switch (expanded.Node)
            {
                case null:
                    // Dropped elements ($when false, empty $data) and nulls leave no hole.
                    break;
                case JsonArray repeated:
                    // An element repeated by $data (or any array value) splices into its parent.
                    foreach (var element in repeated.ToArray())
                    {
                        repeated.Remove(element);
                        result.Add(element);
                    }

                    break;
                default:
                    result.Add(expanded.Node);
                    break;
            }
        }

        return result;
    }

    private static TemplateValue ExpandObject(JsonObject obj, Scope scope)
    {
        var scopes = DataScopes(obj, scope);
        var results = new List<JsonObject>();
        foreach (var itemScope in scopes)
        {
            if (IsIncluded(obj, itemScope))
            {
                results.Add(ExpandProperties(obj, itemScope));
            }
        }

        return results.Count switch
        {
            0 => TemplateValue.Null,
            1 => new TemplateValue(results[0]),
            _ => new TemplateValue(new JsonArray([.. results])),
        };
    }

    private static List<Scope> DataScopes(JsonObject obj, Scope scope)
    {
        if (!obj.TryGetPropertyValue("$data", out var dataTemplate))
        {
            return [scope];
        }

        var data = dataTemplate is JsonValue text && text.GetValueKind() == JsonValueKind.String
            ? ExpandString(text.GetValue<string>(), scope).Node
            : dataTemplate;
        return data is JsonArray items
            ? items.Select((item, index) => scope.WithItem(item, index)).ToList()
            : [scope.WithData(data)];
    }

    /// <summary>
    /// $when keeps the object only when it evaluates to exactly <c>true</c>; a failing expression drops it.
    /// Like the official engine, a $when that is not an expression at all drops the object when truthy.
    /// </summary>
    private static bool IsIncluded(JsonObject obj, Scope scope)
    {
        if (!obj.TryGetPropertyValue("$when", out var when) || when is null)
        {
            return true;
        }

        if (when is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && TemplateString.Parse(text.GetValue<string>()) is { IsTemplate: true } condition)
        {
            try
            {
                var value = condition.SingleExpression is { } single
                    ? single.Evaluate(scope, substituteMissing: false)
                    : TemplateValue.From(condition.Interpolate(scope));
                return value.Kind == JsonValueKind.True;
            }
            catch (ExpressionException)
            {
                return false;
            }
        }

        return IsJsFalsy(when);
    }

    /// <summary>JavaScript's falsy JSON values: false, 0 and "" (null is handled by the caller).</summary>
    private static bool IsJsFalsy(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.False => true,
        JsonValueKind.Number => JsSemantics.AsNumber(new TemplateValue(value)) == 0,
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        _ => false,
    };

    private static JsonObject ExpandProperties(JsonObject obj, Scope scope)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (ReservedProperties.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var expanded = Expand(value, scope);
            if (!expanded.IsMissing)
            {
                result[name] = expanded.Node;
            }
        }

        return result;
    }

    private static TemplateValue ExpandString(string text, Scope scope)
    {
        var template = TemplateString.Parse(text);
        if (!template.IsTemplate)
        {
            return TemplateValue.From(text);
        }

        if (template.SingleExpression is { } single)
        {
            var value = single.Evaluate(scope, substituteMissing: true);
            // A copy: the same data node may appear in several places, and a JsonNode has only one parent.
            return value.IsMissing ? value : new TemplateValue(value.Node?.DeepClone());
        }

        return TemplateValue.From(template.Interpolate(scope));
    }
}
