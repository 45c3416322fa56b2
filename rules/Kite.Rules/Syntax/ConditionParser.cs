using System.Text;

namespace Kite.Rules.Syntax;

/// <summary>
/// Recursive-descent parser for Falco's condition language, token for token as libsinsp's (SPEC.md 2.1-2.2).
/// </summary>
/// <remarks>
/// <code>
/// Expr        := OrExpr
/// OrExpr      := AndExpr { "or" (Blank AndExpr | "(" Expr ")") }
/// AndExpr     := NotExpr { "and" (Blank NotExpr | "(" Expr ")") }
/// NotExpr     := { "not" Blank+ } ( "not(" Expr ")" | Check )
/// Check       := "(" Expr ")"
///              | FieldOrTr UnaryOp
///              | FieldOrTr NumOp  (Number | HexNumber | TrOrVal)
///              | FieldOrTr StrOp  (QuotedString | BareString | TrOrVal)
///              | FieldOrTr StrOp  Modifier ListValue
///              | FieldOrTr ListOp (ListValue | TrOrVal)
///              | Identifier                              (macro reference)
/// FieldOrTr   := Field | Transformer
/// Field       := FieldName [ "[" FieldArg "]" ]
/// Transformer := TrName "(" TrArg { "," TrArg } ")" [ "[" FieldArg "]" ]
/// TrArg       := Transformer | Field | QuotedString | Number | "(" [ TrArg { "," TrArg } ] ")"
/// TrOrVal     := Transformer | "val(" Field ")" [ "[" FieldArg "]" ]
/// ListValue   := "(" [ StrValue { "," StrValue } ] ")" | Identifier
/// StrValue    := QuotedString | BareString
/// TrName      := "tolower" | "toupper" | "b64" | "basename" | "len" | "join" | "concat" | "getopt"
/// UnaryOp     := "exists"
/// NumOp       := "&lt;=" | "&lt;" | "&gt;=" | "&gt;"
/// StrOp       := "==" | "=" | "!=" | "glob" | "iglob" | "contains" | "icontains" | "bcontains"
///              | "startswith" | "bstartswith" | "endswith" | "regex"
/// Modifier    := "oneof" | "anyof" | "allof"
/// ListOp      := "intersects" | "in" | "pmatch"
///
/// Blank        := ' ' | '\t' | '\r' | '\n' | '\b'
/// Identifier   := [a-zA-Z]+[a-zA-Z0-9_]*
/// FieldName    := Identifier ('.' Identifier)+              (longest match)
/// FieldArg     := QuotedString | [^\[\]"'\s]+
/// Number       := [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?  |  0[xX][0-9a-fA-F]+
/// QuotedString := '"' ... '"' | "'" ... "'"   escapes \b \f \n \r \t \\ \/ \" (in "") \' (in '') \xHH, "\ " = '\'
/// BareString   := [^()"',=\s]+
/// </code>
/// Word operators and modifiers need a blank after them; `and`/`or` need a blank or `(`; `not` needs a
/// blank unless written `not(`. Nesting deeper than <see cref="MaxDepth"/> is an error, so a hostile
/// condition cannot exhaust the stack.
/// </remarks>
internal sealed class ConditionParser
{
    public const int MaxDepth = 1000;

    private static readonly string[] s_wordStringOperators = ["glob", "iglob", "contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith", "regex"];
    internal static readonly string[] TransformerNames = ["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"];

    private readonly string _text;
    private readonly bool _outputPlaceholder;
    private int _pos;
    private int _depth;

    private ConditionParser(string text, bool outputPlaceholder = false)
    {
        _text = text;
        _outputPlaceholder = outputPlaceholder;
    }

    /// <summary>Parses a whole condition; throws <see cref="ConditionSyntaxException"/> on error.</summary>
    public static Expr Parse(string text)
    {
        var parser = new ConditionParser(text);
        parser.SkipBlanks();
        if (parser._pos >= text.Length)
            throw new ConditionSyntaxException(0, "empty condition");
        Expr expr = parser.ParseOr();
        parser.SkipBlanks();
        foreach (string keyword in new[] { "and", "or", "not" })
        {
            if (parser._pos + keyword.Length == text.Length && parser.At(keyword))
                throw new ConditionSyntaxException(text.Length, $"unexpected end of condition after '{keyword}'");
        }
        if (parser._pos < text.Length)
            throw new ConditionSyntaxException(parser._pos, $"unexpected token after '{parser.Before(parser._pos)}', expecting 'or', 'and'");
        return expr;
    }

    /// <summary>
    /// Parses the transformer that starts at <paramref name="start"/> of an output template
    /// (`%concat(proc.name, "-", proc.pname)`); <paramref name="end"/> is the offset after it. In outputs
    /// only `getopt` takes a `[c]` argument: after another transformer a `[` is literal text.
    /// Throws <see cref="ConditionSyntaxException"/> with an offset in <paramref name="text"/>.
    /// </summary>
    internal static TransformerOperand ParseOutputTransformer(string text, int start, out int end)
    {
        var parser = new ConditionParser(text, outputPlaceholder: true) { _pos = start };
        TransformerOperand transformer = parser.ParseTransformer();
        end = parser._pos;
        return transformer;
    }

    private Expr ParseOr()
    {
        Enter();
        int start = _pos;
        var operands = new List<Expr> { ParseAnd() };
        while (TryKeywordJoin("or"))
            operands.Add(ParseAnd());
        _depth--;
        return operands.Count == 1 ? operands[0] : new OrExpr(start, operands);
    }

    private Expr ParseAnd()
    {
        int start = _pos;
        var operands = new List<Expr> { ParseNot() };
        while (TryKeywordJoin("and"))
            operands.Add(ParseNot());
        return operands.Count == 1 ? operands[0] : new AndExpr(start, operands);
    }

    // `and`/`or` must be followed by a blank or `(`.
    private bool TryKeywordJoin(string keyword)
    {
        int save = _pos;
        SkipBlanks();
        if (At(keyword) && _pos + keyword.Length < _text.Length && (IsBlank(_text[_pos + keyword.Length]) || _text[_pos + keyword.Length] == '('))
        {
            _pos += keyword.Length;
            return true;
        }
        _pos = save;
        return false;
    }

    private Expr ParseNot()
    {
        SkipBlanks();
        int start = _pos;
        bool negate = false;
        while (At("not") && _pos + 3 < _text.Length && (IsBlank(_text[_pos + 3]) || _text[_pos + 3] == '('))
        {
            _pos += 3;
            negate = !negate;
            SkipBlanks();
        }
        Expr check = ParseCheck();
        return negate ? new NotExpr(start, check) : check;
    }

    private Expr ParseCheck()
    {
        SkipBlanks();
        int start = _pos;
        if (_pos >= _text.Length)
            throw new ConditionSyntaxException(_pos, _pos == 0 ? "empty condition" : $"unexpected end of condition after '{Before(_pos)}'");
        if (_text[_pos] == '(')
        {
            _pos++;
            Expr inner = ParseOr();
            SkipBlanks();
            Expect(')', "expecting ')'");
            return inner;
        }
        if (!IsLetter(_text[_pos]))
            throw new ConditionSyntaxException(_pos, $"unexpected token '{Token(_pos)}', expecting a field, a macro, 'not' or '('");

        Operand left;
        int identEnd = ScanIdentifier(_pos);
        string ident = _text[_pos..identEnd];
        if (identEnd < _text.Length && _text[identEnd] == '(' && Array.IndexOf(TransformerNames, ident) >= 0)
        {
            left = ParseTransformer();
        }
        else
        {
            int fieldEnd = ScanFieldName(_pos);
            if (fieldEnd == identEnd)
            {
                // Not a field name: a macro reference.
                _pos = identEnd;
                return new MacroRefExpr(start, ident);
            }
            left = ParseField();
        }
        return ParseOperatorAndValue(start, left);
    }

    private Expr ParseOperatorAndValue(int start, Operand left)
    {
        SkipBlanks();
        int opStart = _pos;
        if (AtWord("exists"))
        {
            _pos += "exists".Length;
            return new CheckExpr(start, left, "exists", opStart, null, null);
        }
        foreach (string op in new[] { "<=", "<", ">=", ">" })
        {
            if (At(op))
            {
                _pos += op.Length;
                SkipBlanks();
                Operand right = AtTransformer() ? ParseTransformer() : ParseNumber();
                return new CheckExpr(start, left, op, opStart, null, right);
            }
        }
        foreach (string op in new[] { "==", "=", "!=" })
        {
            if (At(op))
            {
                _pos += op.Length;
                return ParseStringOperatorRest(start, left, op, opStart);
            }
        }
        foreach (string op in s_wordStringOperators)
        {
            if (At(op) && _pos + op.Length < _text.Length && IsBlank(_text[_pos + op.Length]))
            {
                _pos += op.Length;
                return ParseStringOperatorRest(start, left, op, opStart);
            }
        }
        foreach (string op in new[] { "intersects", "in", "pmatch" })
        {
            if (At(op) && (_pos + op.Length >= _text.Length || !IsIdentifierChar(_text[_pos + op.Length])))
            {
                _pos += op.Length;
                SkipBlanks();
                Operand right = AtTransformer() ? ParseTransformer() : ParseListValue();
                return new CheckExpr(start, left, op, opStart, null, right);
            }
        }
        throw new ConditionSyntaxException(_pos, _pos >= _text.Length
            ? $"missing operator after '{left}'"
            : $"unexpected token '{Token(_pos)}' after '{left}', expecting an operator");
    }

    private CheckExpr ParseStringOperatorRest(int start, Operand left, string op, int opStart)
    {
        // `OP modifier (list)`: only with a blank before the modifier, `(` or an identifier after it.
        int save = _pos;
        if (_pos < _text.Length && IsBlank(_text[_pos]))
        {
            SkipBlanks();
            foreach (string modifier in new[] { "oneof", "anyof", "allof" })
            {
                if (At(modifier) && _pos + modifier.Length < _text.Length && IsBlank(_text[_pos + modifier.Length]))
                {
                    int after = _pos + modifier.Length;
                    while (after < _text.Length && IsBlank(_text[after]))
                        after++;
                    if (after < _text.Length && (_text[after] == '(' || IsLetter(_text[after])) && !IsKeywordAt(after))
                    {
                        _pos = after;
                        return new CheckExpr(start, left, op, opStart, modifier, ParseListValue());
                    }
                }
            }
            _pos = save;
        }
        SkipBlanks();
        if (AtTransformer())
            return new CheckExpr(start, left, op, opStart, null, ParseTransformer());
        return new CheckExpr(start, left, op, opStart, null, ParseStringValue());
    }

    private bool IsKeywordAt(int at)
    {
        foreach (string keyword in new[] { "and", "or", "not" })
        {
            if (string.CompareOrdinal(_text, at, keyword, 0, keyword.Length) == 0
                && (at + keyword.Length >= _text.Length || !IsIdentifierChar(_text[at + keyword.Length])))
                return true;
        }
        return false;
    }

    private Operand ParseListValue()
    {
        SkipBlanks();
        int start = _pos;
        if (_pos < _text.Length && _text[_pos] == '(')
        {
            _pos++;
            var items = new List<ValueOperand>();
            SkipBlanks();
            if (_pos < _text.Length && _text[_pos] == ')')
            {
                _pos++;
                return new ListOperand(start, items);
            }
            while (true)
            {
                SkipBlanks();
                items.Add(ParseStringValue());
                SkipBlanks();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }
                Expect(')', "expecting ',' or ')' in a list");
                return new ListOperand(start, items);
            }
        }
        if (_pos < _text.Length && IsLetter(_text[_pos]))
        {
            // A bare identifier where a list is expected: a list name that is not defined, taken literally.
            int end = ScanIdentifier(_pos);
            string name = _text[_pos..end];
            _pos = end;
            return new ListOperand(start, [new ValueOperand(start, name, false)]);
        }
        throw new ConditionSyntaxException(_pos, _pos >= _text.Length ? "missing list value, expecting '('" : $"unexpected token '{Token(_pos)}', expecting a list '(...)'");
    }

    private ValueOperand ParseStringValue()
    {
        int start = _pos;
        if (_pos >= _text.Length)
            throw new ConditionSyntaxException(_pos, "missing value at end of condition");
        char c = _text[_pos];
        if (c is '"' or '\'')
            return new ValueOperand(start, ParseQuoted(), true);
        int end = _pos;
        while (end < _text.Length && !IsBlank(_text[end]) && _text[end] is not ('(' or ')' or '"' or '\'' or ',' or '='))
            end++;
        if (end == _pos)
            throw new ConditionSyntaxException(_pos, $"unexpected token '{Token(_pos)}', expecting a value");
        _pos = end;
        return new ValueOperand(start, _text[start..end], false);
    }

    private ValueOperand ParseNumber()
    {
        int start = _pos;
        int p = _pos;
        if (p + 1 < _text.Length && _text[p] == '0' && (_text[p + 1] is 'x' or 'X'))
        {
            p += 2;
            int digits = p;
            while (p < _text.Length && char.IsAsciiHexDigit(_text[p]))
                p++;
            if (p > digits)
            {
                _pos = p;
                return new ValueOperand(start, _text[start..p], false);
            }
            p = start;
        }
        if (p < _text.Length && _text[p] is '+' or '-')
            p++;
        int intStart = p;
        while (p < _text.Length && char.IsAsciiDigit(_text[p]))
            p++;
        if (p == intStart)
            throw new ConditionSyntaxException(_pos, _pos >= _text.Length ? "missing number at end of condition" : $"unexpected token '{Token(_pos)}', expecting a number");
        if (p < _text.Length && _text[p] == '.')
        {
            p++;
            while (p < _text.Length && char.IsAsciiDigit(_text[p]))
                p++;
        }
        if (p + 2 < _text.Length && _text[p] is 'e' or 'E' && _text[p + 1] is '+' or '-' && char.IsAsciiDigit(_text[p + 2]))
        {
            p += 2;
            while (p < _text.Length && char.IsAsciiDigit(_text[p]))
                p++;
        }
        _pos = p;
        return new ValueOperand(start, _text[start..p], false);
    }

    private FieldOperand ParseField()
    {
        int start = _pos;
        int end = ScanFieldName(_pos);
        string token = _text[_pos..end];
        _pos = end;
        return new FieldOperand(start, token, ParseOptionalBracketArgument());
    }

    private string? ParseOptionalBracketArgument()
    {
        if (_pos >= _text.Length || _text[_pos] != '[')
            return null;
        _pos++;
        string argument;
        if (_pos < _text.Length && _text[_pos] is '"' or '\'')
        {
            argument = ParseQuoted();
        }
        else
        {
            int end = _pos;
            while (end < _text.Length && _text[end] is not ('[' or ']' or '"' or '\'') && !IsBlank(_text[end]))
                end++;
            if (end == _pos)
                throw new ConditionSyntaxException(_pos, "empty field argument '[]'");
            argument = _text[_pos..end];
            _pos = end;
        }
        Expect(']', "expecting ']' after the field argument");
        return argument;
    }

    private bool AtTransformer()
    {
        if (_pos >= _text.Length || !IsLetter(_text[_pos]))
            return false;
        int end = ScanIdentifier(_pos);
        string name = _text[_pos..end];
        return end < _text.Length && _text[end] == '(' && (name == "val" || Array.IndexOf(TransformerNames, name) >= 0);
    }

    private TransformerOperand ParseTransformer()
    {
        Enter();
        int start = _pos;
        int end = ScanIdentifier(_pos);
        string name = _text[_pos..end];
        _pos = end;
        Expect('(', "expecting '('");
        var arguments = new List<Operand>();
        SkipBlanks();
        if (_pos < _text.Length && _text[_pos] == ')')
        {
            _pos++;
        }
        else
        {
            while (true)
            {
                SkipBlanks();
                arguments.Add(ParseTransformerArgument());
                SkipBlanks();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }
                Expect(')', $"expecting ',' or ')' in the arguments of '{name}'");
                break;
            }
        }
        _depth--;
        string? bracket = _outputPlaceholder && name != "getopt" ? null : ParseOptionalBracketArgument();
        return new TransformerOperand(start, name, arguments, bracket);
    }

    private Operand ParseTransformerArgument()
    {
        if (_pos >= _text.Length)
            throw new ConditionSyntaxException(_pos, "missing transformer argument at end of condition");
        char c = _text[_pos];
        if (c is '"' or '\'')
            return new ValueOperand(_pos, ParseQuoted(), true);
        if (c == '(')
        {
            int start = _pos;
            _pos++;
            var items = new List<ValueOperand>();
            var operands = new List<Operand>();
            SkipBlanks();
            while (_pos < _text.Length && _text[_pos] != ')')
            {
                operands.Add(ParseTransformerArgument());
                SkipBlanks();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    SkipBlanks();
                }
            }
            Expect(')', "expecting ')'");
            return new TransformerOperand(start, "(list)", operands, null);
        }
        if (AtTransformer())
            return ParseTransformer();
        if (IsLetter(c) && ScanFieldName(_pos) > ScanIdentifier(_pos))
            return ParseField();
        if (char.IsAsciiDigit(c) || c is '+' or '-')
            return ParseNumber();
        throw new ConditionSyntaxException(_pos, $"unexpected token '{Token(_pos)}', expecting a field, a transformer or a literal");
    }

    private string ParseQuoted()
    {
        int start = _pos;
        char quote = _text[_pos++];
        var value = new StringBuilder();
        var bytes = new List<byte>();
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return value.ToString();
            }
            if (c != '\\')
            {
                value.Append(c);
                _pos++;
                continue;
            }
            if (_pos + 1 >= _text.Length)
                break;
            char e = _text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case ' ': value.Append('\\'); break; // legacy: "\ " is one backslash
                case '"' when quote == '"': value.Append('"'); break;
                case '\'' when quote == '\'': value.Append('\''); break;
                case 'x' when _pos + 1 < _text.Length && char.IsAsciiHexDigit(_text[_pos]) && char.IsAsciiHexDigit(_text[_pos + 1]):
                    value.Append((char)Convert.ToByte(_text.Substring(_pos, 2), 16));
                    _pos += 2;
                    break;
                default:
                    throw new ConditionSyntaxException(_pos - 2, $"invalid escape sequence '\\{e}' in quoted string");
            }
        }
        throw new ConditionSyntaxException(start, "unterminated quoted string");
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw new ConditionSyntaxException(_pos, $"exceeded max depth limit of {MaxDepth}");
    }

    private void Expect(char c, string message)
    {
        SkipBlanks();
        if (_pos >= _text.Length || _text[_pos] != c)
            throw new ConditionSyntaxException(_pos, _pos >= _text.Length ? $"unexpected end of condition, {message}" : $"unexpected token '{Token(_pos)}', {message}");
        _pos++;
    }

    private void SkipBlanks()
    {
        while (_pos < _text.Length && IsBlank(_text[_pos]))
            _pos++;
    }

    private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0 && _pos + s.Length <= _text.Length;

    private bool AtWord(string s) => At(s) && (_pos + s.Length >= _text.Length || !IsIdentifierChar(_text[_pos + s.Length]));

    private int ScanIdentifier(int p)
    {
        if (p >= _text.Length || !IsLetter(_text[p]))
            return p;
        while (p < _text.Length && IsLetter(_text[p]))
            p++;
        while (p < _text.Length && IsIdentifierChar(_text[p]))
            p++;
        return p;
    }

    // Identifier ('.' Identifier)+ ; returns the end of the plain identifier when there is no dot segment.
    private int ScanFieldName(int p)
    {
        int end = ScanIdentifier(p);
        while (end + 1 < _text.Length && _text[end] == '.' && IsLetter(_text[end + 1]))
            end = ScanIdentifier(end + 1);
        return end;
    }

    private string Before(int pos)
    {
        int start = Math.Max(0, pos - 1);
        while (start > 0 && IsBlank(_text[start]))
            start--;
        int s = start;
        while (s > 0 && !IsBlank(_text[s - 1]) && start - s < 40)
            s--;
        return _text[s..(start + 1)].Trim();
    }

    private string Token(int pos)
    {
        int end = pos;
        while (end < _text.Length && !IsBlank(_text[end]) && end - pos < 40)
            end++;
        return end == pos && pos < _text.Length ? _text[pos].ToString() : _text[pos..end];
    }

    internal static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\n' or '\b';

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
