using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>
/// `getopt(args, optstring)` and `getopt(args, optstring)[c]`: scans a command line as getopt(3) does
/// with that optstring.
/// </summary>
/// <remarks>
/// <para>The words are the elements of a list value, or a text split on blanks (`proc.args` is the
/// arguments joined with spaces, so a quoted argument containing a space counts as several words).
/// Scanning starts at the first word (the arguments do not include the program name) and stops at
/// `--` or at the first non-option word (`-` alone is a non-option), as POSIX getopt does. A cluster
/// `-abc` is the options `a`, `b`, `c`; an option taking an argument uses the rest of its word
/// (`-ofile`) or else the next word (`-o file`). Long options (`--name`, `--name=value`) are skipped.</para>
/// <para>With a selector `[c]` the value is that of the last occurrence of option `c`: its argument,
/// the option character itself when it takes none, or the empty string when its argument is missing;
/// missing when `c` does not occur. Without a selector the value is the list of what getopt(3) returns
/// in order: each option character followed by its argument when it has one, `?` for an unknown option,
/// and `?` (`:` when the optstring starts with `:`) for a missing argument.</para>
/// </remarks>
internal sealed class GetoptValueNode<TSource> : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private static readonly byte[] s_unknown = "?"u8.ToArray();
    private static readonly byte[] s_missingColon = ":"u8.ToArray();

    private readonly ValueNode<TSource> _arguments;
    private readonly bool _argumentsAreList;
    private readonly ValueNode<TSource> _optString;
    private readonly GetoptOptions _options;
    private readonly bool _constantOptions;
    private readonly int _selector;
    private readonly TextList? _words;
    private readonly TextList? _results;

    public GetoptValueNode(ValueNode<TSource> arguments, bool argumentsAreList, ValueNode<TSource> optString, int selector)
    {
        _arguments = arguments;
        _argumentsAreList = argumentsAreList;
        _optString = optString;
        _selector = selector;
        if (optString is LiteralValueNode<TSource> literal)
        {
            _options = GetoptOptions.Parse(literal.Utf8);
            _constantOptions = true;
        }
        else
        {
            _options = new GetoptOptions();
        }
        _words = argumentsAreList ? null : new TextList();
        _results = selector < 0 ? new TextList() : null;
    }

    public override int Cost => 10 + _arguments.Cost + _optString.Cost;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadWords(ref source, out TextList words))
            return false;
        bool found = false;
        var scan = new OptionScan(words, _options);
        while (scan.TryNext(out OptionScan.Step step))
        {
            if (step.Option != _selector || step.Kind == GetoptOptions.NotAnOption)
                continue;
            // The option character when it takes no argument, else its argument (empty when missing).
            value = step.Kind == GetoptOptions.NoArgument ? step.OptionText : step.Argument;
            found = true;
        }
        return found;
    }

    public override bool TryGetList(ref TSource source, out TextList results)
    {
        results = _results!;
        results.Clear();
        if (!TryReadWords(ref source, out TextList words))
            return false;
        var scan = new OptionScan(words, _options);
        while (scan.TryNext(out OptionScan.Step step))
        {
            if (step.Kind == GetoptOptions.NotAnOption)
            {
                results.Add(s_unknown);
            }
            else if (step.MissingArgument)
            {
                results.Add(_options.MissingArgumentIsColon ? s_missingColon : s_unknown);
            }
            else
            {
                results.Add(step.OptionText);
                if (step.HasArgument)
                    results.Add(step.Argument);
            }
        }
        return true;
    }

    /// <summary>getopt(3) over the words, one option character per step; both value forms read it.</summary>
    private ref struct OptionScan(TextList words, GetoptOptions options)
    {
        private int _index;
        private int _position = 1;

        public readonly ref struct Step
        {
            public byte Option { get; init; }

            public byte Kind { get; init; }

            /// <summary>The option character inside its word.</summary>
            public ReadOnlySpan<byte> OptionText { get; init; }

            /// <summary>The rest of the word (`-ofile`) or the next word (`-o file`); empty when it has none.</summary>
            public ReadOnlySpan<byte> Argument { get; init; }

            public bool HasArgument { get; init; }

            /// <summary>A required argument with no word left.</summary>
            public bool MissingArgument { get; init; }
        }

        public bool TryNext(out Step step)
        {
            step = default;
            while (_index < words.Count)
            {
                ReadOnlySpan<byte> word = words[_index];
                if (_position == 1)
                {
                    if (EndsScan(word, out bool skip))
                        return false;
                    if (skip)
                    {
                        _index++;
                        continue;
                    }
                }
                if (_position >= word.Length)
                {
                    NextWord();
                    continue;
                }
                int at = _position;
                byte option = word[at];
                byte kind = options.KindOf(option);
                if (kind is GetoptOptions.NotAnOption or GetoptOptions.NoArgument)
                {
                    _position++;
                    step = new Step { Option = option, Kind = kind, OptionText = word.Slice(at, 1) };
                    return true;
                }
                // The option takes an argument: it ends this word.
                ReadOnlySpan<byte> argument = default;
                bool has = false;
                if (at + 1 < word.Length)
                {
                    argument = word[(at + 1)..];
                    has = true;
                }
                else if (kind == GetoptOptions.RequiredArgument && _index + 1 < words.Count)
                {
                    argument = words[++_index];
                    has = true;
                }
                NextWord();
                step = new Step
                {
                    Option = option,
                    Kind = kind,
                    OptionText = word.Slice(at, 1),
                    Argument = argument,
                    HasArgument = has,
                    MissingArgument = !has && kind == GetoptOptions.RequiredArgument,
                };
                return true;
            }
            return false;
        }

        private void NextWord()
        {
            _index++;
            _position = 1;
        }
    }

    // `--` and the first non-option end the scan; a long option is skipped.
    private static bool EndsScan(ReadOnlySpan<byte> word, out bool skip)
    {
        skip = false;
        if (word.Length < 2 || word[0] != '-')
            return true;
        if (word[1] != '-')
            return false;
        if (word.Length == 2)
            return true;
        skip = true;
        return false;
    }

    private bool TryReadWords(ref TSource source, out TextList words)
    {
        words = null!;
        if (!_constantOptions)
        {
            // Decoded before the arguments are read: the optstring span is only valid until then.
            if (!_optString.TryGetText(ref source, out ReadOnlySpan<byte> optString))
                return false;
            _options.Reset(optString);
        }
        if (_argumentsAreList)
            return _arguments.TryGetList(ref source, out words);
        if (!_arguments.TryGetText(ref source, out ReadOnlySpan<byte> line))
            return false;
        words = _words!;
        words.Clear();
        int p = 0;
        while (p < line.Length)
        {
            while (p < line.Length && IsBlank(line[p]))
                p++;
            int start = p;
            while (p < line.Length && !IsBlank(line[p]))
                p++;
            if (p > start && !words.Add(line[start..p]))
                break;
        }
        return true;
    }

    private static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
}
