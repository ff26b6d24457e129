using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards.Templating;

/// <summary>
/// Recursive-descent parser for the expression inside <c>${...}</c>. Precedence follows
/// adaptive-expressions, where <c>==</c> binds tighter than <c>&lt;</c>:
/// <code>
/// or       := and ('||' and)*
/// and      := relation ('&amp;&amp;' relation)*
/// relation := equality (('&lt;'|'&lt;='|'&gt;'|'&gt;=') equality)*
/// equality := sum (('=='|'!=') sum)*
/// sum      := unary ('+' unary)*
/// unary    := '!' unary | primary
/// primary  := number | string | true | false | null | '(' or ')' | name '(' args ')' | path
/// path     := name ('.' name | '[' or ']')*
/// </code>
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _position;

    private ExpressionParser(string text) => _text = text;

    public static Expr Parse(string text)
    {
        var parser = new ExpressionParser(text);
        var expression = parser.ParseOr();
        parser.SkipWhitespace();
        if (parser._position < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._position]}'");
        }

        return expression;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = new LogicExpr(IsAnd: false, left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseRelation();
        while (Accept("&&"))
        {
            left = new LogicExpr(IsAnd: true, left, ParseRelation());
        }

        return left;
    }

    private Expr ParseRelation()
    {
        var left = ParseEquality();
        while (true)
        {
            ComparisonOperator op;
            if (Accept("<="))
            {
                op = ComparisonOperator.LessOrEqual;
            }
            else if (Accept(">="))
            {
                op = ComparisonOperator.GreaterOrEqual;
            }
            else if (Accept("<"))
            {
                op = ComparisonOperator.Less;
            }
            else if (Accept(">"))
            {
                op = ComparisonOperator.Greater;
            }
            else
            {
                return left;
            }

            left = new ComparisonExpr(op, left, ParseEquality());
        }
    }

    private Expr ParseEquality()
    {
        var left = ParseSum();
        while (true)
        {
            if (Accept("=="))
            {
                left = new ComparisonExpr(ComparisonOperator.Equal, left, ParseSum());
            }
            else if (Accept("!="))
            {
                left = new ComparisonExpr(ComparisonOperator.NotEqual, left, ParseSum());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseSum()
    {
        var left = ParseUnary();
        while (Accept("+"))
        {
            left = new AddExpr(left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        SkipWhitespace();
        if (Peek() == '!' && Peek(1) != '=')
        {
            _position++;
            return new NotExpr(ParseUnary());
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        SkipWhitespace();
        var c = Peek();
        if (c == '(')
        {
            _position++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }

        if (c is '\'' or '"')
        {
            return new LiteralExpr(JsonValue.Create(ReadString()));
        }

        if (char.IsAsciiDigit(c))
        {
            return new LiteralExpr(JsonValue.Create(ReadNumber()));
        }

        if (!IsNameStart(c))
        {
            throw Error(_position < _text.Length ? $"unexpected '{c}'" : "unexpected end of expression");
        }

        var name = ReadName();
        switch (name)
        {
            case "true":
                return new LiteralExpr(JsonValue.Create(true));
            case "false":
                return new LiteralExpr(JsonValue.Create(false));
            case "null":
                return new LiteralExpr(null);
        }

        SkipWhitespace();
        return Peek() == '(' ? ParseCall(name) : ParsePath(name);
    }

    private CallExpr ParseCall(string name)
    {
        var function = TemplateFunctions.Find(name)
            ?? throw new ExpressionSyntaxException(
                $"unknown function '{name}' (supported: {string.Join(", ", TemplateFunctions.Names.Order(StringComparer.Ordinal))})");
        _position++; // the '('
        var arguments = new List<Expr>();
        SkipWhitespace();
        if (Peek() != ')')
        {
            do
            {
                arguments.Add(ParseOr());
            }
            while (Accept(","));
        }

        Expect(')');
        if (arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
        {
            throw new ExpressionSyntaxException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}() takes {TemplateFunctions.DescribeArity(function)} argument(s), not {arguments.Count}"));
        }

        return new CallExpr(function, arguments);
    }

    private PathExpr ParsePath(string head)
    {
        var segments = new List<PathSegment>();
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '.')
            {
                _position++;
                SkipWhitespace();
                if (!IsNameStart(Peek()))
                {
                    throw Error("a property name must follow '.'");
                }

                segments.Add(new PathSegment(ReadName(), null));
            }
            else if (Peek() == '[')
            {
                _position++;
                segments.Add(new PathSegment(null, ParseOr()));
                Expect(']');
            }
            else
            {
                return new PathExpr(head, segments);
            }
        }
    }

    private string ReadName()
    {
        var start = _position;
        if (Peek() == '$')
        {
            _position++;
        }

        // adaptive-expressions allows '-' inside names (a-b is one name, there is no subtraction here).
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '-'))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private double ReadNumber()
    {
        var start = _position;
        while (char.IsAsciiDigit(Peek()))
        {
            _position++;
        }

        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _position++;
            while (char.IsAsciiDigit(Peek()))
            {
                _position++;
            }
        }

        return double.Parse(_text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private string ReadString()
    {
        var quote = _text[_position++];
        var result = new StringBuilder();
        while (_position < _text.Length && _text[_position] != quote)
        {
            var c = _text[_position++];
            if (c == '\\' && _position < _text.Length)
            {
                var escaped = _text[_position++];
                result.Append(escaped switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => escaped,
                });
            }
            else
            {
                result.Append(c);
            }
        }

        if (_position >= _text.Length)
        {
            throw Error("unterminated string literal");
        }

        _position++; // the closing quote
        return result.ToString();
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool Accept(string token)
    {
        SkipWhitespace();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        // Callers try longer operators first ('<=' before '<'), so a plain prefix match is enough.
        _position += token.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _position++;
    }

    private ExpressionSyntaxException Error(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} at position {_position + 1}"));
}
