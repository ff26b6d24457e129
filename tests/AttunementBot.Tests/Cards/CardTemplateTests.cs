using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Cards;

namespace AttunementBot.Tests.Cards;

/// <summary>
/// Binder semantics, one rule per test. Expected values are what the official engine
/// (adaptivecards-templating 2.3.1 with adaptive-expressions) produces for the same input.
/// </summary>
public sealed class CardTemplateTests
{
    private const string Data = """
        {
          "n": 3, "f": 1.5, "flag": true, "no": false, "nul": null, "s": "Hi", "es": "",
          "obj": { "x": 1, "s": "str" },
          "arr": ["a", "b"],
          "emptyArr": [],
          "people": [ { "name": "Ann", "age": 41 }, { "name": "Ben", "age": 37 } ]
        }
        """;

    /// <summary>Binds <c>{ "v": value }</c> and returns what v became (null when the property was left out).</summary>
    private static JsonNode? BindValue(string value, string data = Data)
    {
        var template = new JsonObject { ["v"] = value };
        var bound = CardTemplate.Bind(template, JsonNode.Parse(data))!.AsObject();
        return bound["v"];
    }

    // Relaxed escaping so that expected JSON can be written as JSON.stringify would write it.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    [Theory]
    [InlineData("${n}", "3")]
    [InlineData("${f}", "1.5")]
    [InlineData("${flag}", "true")]
    [InlineData("${no}", "false")]
    [InlineData("${s}", "\"Hi\"")]
    [InlineData("${obj}", """{"x":1,"s":"str"}""")]
    [InlineData("${arr}", """["a","b"]""")]
    [InlineData("${nul}", "null")]
    [InlineData("${ n }", "3")]
    public void ASingleExpressionKeepsTheValuesJsonType(string template, string expected) =>
        Assert.Equal(expected, Json(BindValue(template)));

    [Theory]
    [InlineData("${n} items", "3 items")]
    [InlineData("${flag} ${n}", "true 3")]
    [InlineData("${f} x", "1.5 x")]
    [InlineData("${arr} x", "a,b x")]
    [InlineData("${obj} x", "[object Object] x")]
    [InlineData("a${es}b", "ab")]
    [InlineData("${n}${s}", "3Hi")]
    [InlineData(" ${n}", " 3")]
    [InlineData("${obj.s}, ${people[1].name}!", "str, Ben!")]
    public void SeveralExpressionsOrTextInterpolateToAString(string template, string expected) =>
        Assert.Equal(expected, BindValue(template)!.GetValue<string>());

    [Theory]
    [InlineData("${1}", "1")]
    [InlineData("${true}", "true")]
    [InlineData("${'x'}", "x")]
    [InlineData("${2.0}", "2")]
    public void ALoneLiteralReadsAsTextAsInTheOfficialEngine(string template, string expected) =>
        Assert.Equal(expected, BindValue(template)!.GetValue<string>());

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\\${n}", "${n}")]
    [InlineData("${n", "${n")]
    [InlineData("$ {n}", "$ {n}")]
    [InlineData("x } ${n}", "x } 3")]
    [InlineData("${'a}b'}", "a}b")]
    public void TextAroundExpressionsIsKept(string template, string expected) =>
        Assert.Equal(expected, BindValue(template)!.GetValue<string>());

    [Theory]
    [InlineData("${missing}", "${missing}")]
    [InlineData("x ${missing} y", "x ${missing} y")]
    [InlineData("${obj.missing.deep}", "${obj.missing.deep}")]
    [InlineData("${$root.missing}", "${$root.missing}")]
    [InlineData("${missing.x} and ${n}", "${missing.x} and 3")]
    [InlineData("${people[5].name}", "${people[5].name}")]
    [InlineData("${$index}", "${$index}")]
    [InlineData("${arr.length}", "${arr.length}")]
    [InlineData("${missing + 1}", "${missing}1")]
    [InlineData("${toUpper(missing)}", "${MISSING}")]
    [InlineData("${concat('a', missing)}", "a${missing}")]
    [InlineData("${if(flag, missing, 'n')}", "${missing}")]
    public void AMissingPathRendersAsItsOwnExpressionText(string template, string expected) =>
        Assert.Equal(expected, BindValue(template)!.GetValue<string>());

    [Theory]
    [InlineData("${missing == null}", "true")]
    [InlineData("${!missing}", "true")]
    [InlineData("${not(missing)}", "true")]
    [InlineData("${empty(missing)}", "true")]
    [InlineData("${exists(missing)}", "false")]
    [InlineData("${if(missing, 'y', 'n')}", "\"n\"")]
    [InlineData("${missing || flag}", "true")]
    [InlineData("${count(missing) > 0}", "false")]
    [InlineData("${equals(missing, null)}", "true")]
    public void ConditionsSeeAMissingPathAsNull(string template, string expected) =>
        Assert.Equal(expected, Json(BindValue(template)));

    [Fact]
    public void PropertyNamesMatchCaseInsensitivelyWhenNoExactMatchExists()
    {
        Assert.Equal("1", Json(BindValue("${obj.X}")));
        Assert.Equal("1", Json(BindValue("${OBJ.x}")));
    }

    [Theory]
    [InlineData("${n + 1}", "4")]
    [InlineData("${n + f}", "4.5")]
    [InlineData("${1 + 2.5}", "3.5")]
    [InlineData("${'a' + n}", "\"a3\"")]
    [InlineData("${'a' + 'b'}", "\"ab\"")]
    [InlineData("${(n + 1) + 1}", "5")]
    [InlineData("${n < 5}", "true")]
    [InlineData("${n <= 3}", "true")]
    [InlineData("${n > 3}", "false")]
    [InlineData("${n >= 3 && flag}", "true")]
    [InlineData("${s < 'Z'}", "true")]
    [InlineData("${f > n}", "false")]
    [InlineData("${n == '3'}", "false")]
    [InlineData("${n != 3}", "false")]
    [InlineData("${flag == true}", "true")]
    [InlineData("${nul == null}", "true")]
    [InlineData("${!(n > 2)}", "false")]
    [InlineData("${!n}", "false")]
    [InlineData("${no || flag}", "true")]
    [InlineData("${flag && no}", "false")]
    [InlineData("${obj[\"x\"]}", "1")]
    [InlineData("${people[0]['name']}", "\"Ann\"")]
    [InlineData("${\"dq\"}", "\"dq\"")]
    [InlineData("${'it\\'s'}", "\"it's\"")]
    public void OperatorsFollowAdaptiveExpressions(string template, string expected) =>
        Assert.Equal(expected, Json(BindValue(template)));

    [Theory]
    [InlineData("${if(flag, 'y', 'n')}", "\"y\"")]
    [InlineData("${if(no, 'y', 'n')}", "\"n\"")]
    [InlineData("${not(flag)}", "false")]
    [InlineData("${not(es)}", "false")]
    [InlineData("${and(flag, n)}", "true")]
    [InlineData("${and(flag, no)}", "false")]
    [InlineData("${or(no, flag)}", "true")]
    [InlineData("${equals(obj, obj)}", "true")]
    [InlineData("${equals(n, 4)}", "false")]
    [InlineData("${empty(es)}", "true")]
    [InlineData("${empty(emptyArr)}", "true")]
    [InlineData("${empty(obj)}", "false")]
    [InlineData("${empty(nul)}", "true")]
    [InlineData("${empty(n)}", "false")]
    [InlineData("${exists(nul)}", "false")]
    [InlineData("${exists(es)}", "true")]
    [InlineData("${count(arr)}", "2")]
    [InlineData("${count(obj)}", "2")]
    [InlineData("${count('abc')}", "3")]
    [InlineData("${count(emptyArr) > 0}", "false")]
    [InlineData("${length('abc')}", "3")]
    [InlineData("${length(s)}", "2")]
    [InlineData("${join(arr, ', ')}", "\"a, b\"")]
    [InlineData("${join(arr, ', ', ' and ')}", "\"a and b\"")]
    [InlineData("${concat('a', n, flag)}", "\"a3true\"")]
    [InlineData("${concat(arr, arr)}", "\"a,ba,b\"")]
    [InlineData("${string(n)}", "\"3\"")]
    [InlineData("${string(f)}", "\"1.5\"")]
    [InlineData("${string(flag)}", "\"true\"")]
    [InlineData("${string(nul)}", "\"\"")]
    [InlineData("${string(obj)}", "\"{\\\"x\\\":1,\\\"s\\\":\\\"str\\\"}\"")]
    [InlineData("${string(arr)}", "\"[\\\"a\\\",\\\"b\\\"]\"")]
    [InlineData("${toUpper(s)}", "\"HI\"")]
    [InlineData("${toLower(s)}", "\"hi\"")]
    public void FunctionsFollowAdaptiveExpressions(string template, string expected) =>
        Assert.Equal(expected, Json(BindValue(template)));

    [Fact]
    public void DataArrayRepeatsTheElementWithIndexRootAndData()
    {
        var template = JsonNode.Parse("""
            { "items": [
                { "type": "Head" },
                { "$data": "${people}", "text": "${$index}: ${name} (${age}) of ${count($root.people)}", "age": "${age}" },
                { "$data": "${arr}", "v": "${$data}" }
            ] }
            """)!;
        var bound = CardTemplate.Bind(template, JsonNode.Parse(Data))!;
        Assert.Equal(
            """{"items":[{"type":"Head"},{"text":"0: Ann (41) of 2","age":41},{"text":"1: Ben (37) of 2","age":37},{"v":"a"},{"v":"b"}]}""",
            bound.ToJsonString());
    }

    [Fact]
    public void DataObjectOpensANewScopeAndNestedTemplatesSeeTheirOwnScope()
    {
        var template = JsonNode.Parse("""
            { "$data": "${obj}", "x": "${x}", "root": "${$root.s}",
              "inner": { "$data": "${$root.people[1]}", "name": "${name}", "x": "${x}" },
              "list": [ { "$data": "${$root.people}", "pair": [ { "$data": "${$root.arr}", "t": "${$data}-${$index}" } ] } ] }
            """)!;
        var bound = CardTemplate.Bind(template, JsonNode.Parse(Data))!;
        Assert.Equal(
            """{"x":1,"root":"Hi","inner":{"name":"Ben","x":"${x}"},"list":[{"pair":[{"t":"a-0"},{"t":"b-1"}]},{"pair":[{"t":"a-0"},{"t":"b-1"}]}]}""",
            bound.ToJsonString());
    }

    [Fact]
    public void AnEmptyDataArrayDropsTheElementFromAnArrayAndLeavesNullInAProperty()
    {
        var template = JsonNode.Parse("""{ "list": [ { "$data": "${emptyArr}", "a": 1 }, 2 ], "single": { "$data": "${emptyArr}", "a": 1 } }""")!;
        Assert.Equal("""{"list":[2],"single":null}""", CardTemplate.Bind(template, JsonNode.Parse(Data))!.ToJsonString());
    }

    [Fact]
    public void WhenKeepsAnElementOnlyIfTheConditionIsTrue()
    {
        var template = JsonNode.Parse("""
            { "body": [
                { "$when": "${flag}", "k": "flag" },
                { "$when": "${no}", "k": "no" },
                { "$when": "${missing}", "k": "missing" },
                { "$when": "${n}", "k": "number is not true" },
                { "$when": "${count(people) > 1}", "k": "many" },
                { "$when": "${length(nul) > 1}", "k": "failing condition" },
                { "$data": "${people}", "$when": "${age > 40}", "k": "${name}" }
            ] }
            """)!;
        Assert.Equal(
            """{"body":[{"k":"flag"},{"k":"many"},{"k":"Ann"}]}""",
            CardTemplate.Bind(template, JsonNode.Parse(Data))!.ToJsonString());
    }

    [Fact]
    public void NullsInsideArraysAreDroppedAndOtherValuesAreCopied()
    {
        var template = JsonNode.Parse("""{ "a": [1, null, true, "x"], "b": null, "c": 2.5 }""")!;
        Assert.Equal("""{"a":[1,true,"x"],"b":null,"c":2.5}""", CardTemplate.Bind(template, null)!.ToJsonString());
    }

    [Fact]
    public void BindingDoesNotChangeTheTemplateOrTheData()
    {
        var template = JsonNode.Parse("""{ "list": ["${arr}"], "copy": "${obj}", "again": "${obj}" }""")!;
        var data = JsonNode.Parse(Data)!;
        var templateBefore = template.ToJsonString();
        var dataBefore = data.ToJsonString();
        var bound = CardTemplate.Bind(template, data)!;
        Assert.Equal("""{"list":["a","b"],"copy":{"x":1,"s":"str"},"again":{"x":1,"s":"str"}}""", bound.ToJsonString());
        Assert.Equal(templateBefore, template.ToJsonString());
        Assert.Equal(dataBefore, data.ToJsonString());
    }

    [Fact]
    public void NullDataLeavesEveryPathMissing() =>
        Assert.Equal("""{"v":"${title}"}""", CardTemplate.Bind(new JsonObject { ["v"] = "${title}" }, null)!.ToJsonString());

    [Fact]
    public void AnUnknownFunctionNamesTheFunctionAndTheTemplate()
    {
        var ex = Assert.Throws<CardTemplateException>(() =>
            CardTemplate.Bind(new JsonObject { ["v"] = "Hello ${shout(s)}" }, JsonNode.Parse(Data), "greeting"));
        Assert.Contains("'shout'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'greeting'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${if(flag, 1)}", "if()")]
    [InlineData("${n +}", "unexpected end")]
    [InlineData("${(n}", "expected ')'")]
    [InlineData("${!}", "unexpected end")]
    public void SyntaxErrorsAreClear(string template, string expected)
    {
        var ex = Assert.Throws<CardTemplateException>(() => CardTemplate.Bind(new JsonObject { ["v"] = template }, null, "broken"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'broken'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${length(nul)}")]
    [InlineData("${toUpper(n)}")]
    [InlineData("${join(s, ',')}")]
    [InlineData("${nul + 1}")]
    public void TypeErrorsThrowWithTheTemplateName(string template)
    {
        var ex = Assert.Throws<CardTemplateException>(() => CardTemplate.Bind(new JsonObject { ["v"] = template }, JsonNode.Parse(Data), "typed"));
        Assert.Contains("'typed'", ex.Message, StringComparison.Ordinal);
    }
}
