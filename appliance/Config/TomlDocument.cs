using System.Buffers;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Hiy.Config;

/// <summary>
/// hiy's one way into TOML (the config file, a repository's <c>hiy.toml</c>, the pre-seed secrets): Tomlyn's
/// TOML 1.1 parser (https://toml.io/en/v1.1.0) behind errors-as-values. Pure: text in, Tomlyn's
/// <see cref="Tomlyn.Model.TomlTable"/> or every positioned error out; no exception escapes for bad input.
/// </summary>
public static partial class TomlDocument
{
    /// <summary>How deep arrays, inline tables and dotted keys may nest (Tomlyn's own default, said out loud).</summary>
    public const int MaxDepth = 64;

    // Given explicitly: SyntaxParser.Parse without options has no depth limit and recursed a 10,000-deep
    // array into a stack overflow, which no catch can stop.
    private static readonly TomlSerializerOptions SyntaxOptions = new() { MaxDepth = MaxDepth };

    /// <summary>A file's bytes: they must be UTF-8 (TOML §Spec); a bad byte is reported where it is.</summary>
    public static TomlParseResult Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
                return Parse(new string(buffer, 0, written), fileName);
            var (line, column) = LineAndColumn(buffer.AsSpan(0, written));
            return Failed([new TomlError(fileName, line, column, $"invalid UTF-8 (byte 0x{utf8[read]:X2} at offset {read})")]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>TOML text; a leading U+FEFF (byte order mark) is allowed.</summary>
    public static TomlParseResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        DocumentSyntax syntax;
        try
        {
            // The syntax tree with validation finds every error, each with its place: bad tokens, and the
            // semantic ones (duplicate keys, tables defined twice, extending inline tables or static arrays).
            syntax = SyntaxParser.Parse(text, SyntaxOptions, fileName, validate: true);
        }
        catch (Exception e) when (e is TomlException or ArgumentException)
        {
            // TomlException: nesting deeper than MaxDepth, thrown without a position. ArgumentException:
            // Tomlyn 2.10.2's lexer fails while wording its error for a '\' at the very end of a string.
            // The model reader stops at the same place and says where.
            return ReadModel(text, fileName, e);
        }
        if (syntax.HasErrors)
            return Failed(FromDiagnostics(syntax.Diagnostics, text, fileName));
        var overflows = IntegerOverflows(syntax, fileName);
        if (overflows.Count > 0)
            return Failed(overflows);
        return ReadModel(text, fileName, refused: null);
    }

    /// <summary>
    /// TOML §Integer: a value that cannot be represented losslessly is an error. Tomlyn 2.10.2 refuses such
    /// decimal literals but wraps hex, octal and binary ones past 2^63-1 (0x8000000000000000 became
    /// long.MinValue), so those are checked here from the literal's own digits.
    /// </summary>
    private static List<TomlError> IntegerOverflows(DocumentSyntax syntax, string fileName) =>
        syntax.Descendants()
            .OfType<IntegerValueSyntax>()
            .Where(i => i.Token?.Text is ['0', 'x' or 'o' or 'b', ..] literal && !FitsInInt64(literal))
            .Select(i => new TomlError(fileName, i.Span.Start.Line + 1, i.Span.Start.Column + 1,
                $"integer {i.Token!.Text} is out of range (TOML integers are 64-bit signed)"))
            .ToList();

    /// <summary>Whether a 0x/0o/0b literal (digits already checked by the lexer, '_' allowed) is at most 2^63-1.</summary>
    private static bool FitsInInt64(string literal)
    {
        var radix = literal[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
        long value = 0;
        foreach (var c in literal.AsSpan(2))
        {
            if (c == '_')
                continue;
            var digit = char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            if (value > (long.MaxValue - digit) / radix)
                return false;
            value = value * radix + digit;
        }
        return true;
    }

    /// <summary>
    /// The values, read by Tomlyn's untyped-model converter through the source-generated context (no
    /// reflection). The syntax tree is not the model: Tomlyn 2 has no tree-to-model step of its own.
    /// </summary>
    private static TomlParseResult ReadModel(string text, string fileName, Exception? refused)
    {
        try
        {
            var table = TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? new Tomlyn.Model.TomlTable();
            if (refused is null)
                return new TomlParseResult(table, []);
            // The reader took what the syntax parser refused: keep the refusal, placed as well as it can be.
            return Failed([refused is TomlException t ? FromException(t, fileName) : new TomlError(fileName, 1, 1, refused.Message)]);
        }
        catch (TomlException e)
        {
            return Failed([FromException(e, fileName)]);
        }
        catch (ArgumentException e)
        {
            return Failed([new TomlError(fileName, 1, 1, $"cannot be parsed ({e.Message})")]);
        }
    }

    /// <summary>
    /// Errors in document order, the first on each line only: later ones on the same line are the parser
    /// recovering from the first (<c>port = = 1</c> is one mistake, not "unexpected '='" and "unexpected 1").
    /// </summary>
    private static List<TomlError> FromDiagnostics(DiagnosticsBag diagnostics, string text, string fileName)
    {
        var end = LineAndColumn(text);
        return diagnostics
            .Where(d => d.Kind == DiagnosticMessageKind.Error)
            .Select(d => IsMisplacedEndOfFile(d, text)
                ? new TomlError(fileName, end.Line, end.Column, Reason(d.Message))
                : new TomlError(fileName, d.Span.Start.Line + 1, d.Span.Start.Column + 1, Reason(d.Message)))
            .OrderBy(e => e.Line).ThenBy(e => e.Column)
            .DistinctBy(e => e.Line)
            .ToList();
    }

    /// <summary>
    /// Tomlyn 2.10.2 places some end-of-file errors (an array left open after a newline) at offset 0; the end
    /// of a non-empty file is never there, so such an error is moved to where the file ends.
    /// </summary>
    private static bool IsMisplacedEndOfFile(DiagnosticMessage d, string text) =>
        d.Span.Start.Offset <= 0 && text.Length > 0 && d.Message.Contains("<eof>", StringComparison.Ordinal);

    /// <summary>
    /// The model reader wraps the parser's exception in one naming its converter; the innermost one has the
    /// real reason and place. Its line and column are already 1-based.
    /// </summary>
    private static TomlError FromException(TomlException e, string fileName)
    {
        var inner = e;
        while (inner.InnerException is TomlException next)
            inner = next;
        var reason = inner.InnerException is { } bug ? $"cannot be parsed here ({bug.Message})" // a Tomlyn failure, not a reason
            : inner.Diagnostics is { Count: > 0 } d ? d[0].Message
            : PositionPrefix().Replace(inner.Message, "");
        return new TomlError(fileName, inner.Line ?? 1, inner.Column ?? 1, Reason(reason.Trim()));
    }

    /// <summary>
    /// Tomlyn's duplicate-key message quotes the whole first definition, comments and all, which can run to
    /// many lines; say it in one. Any other message is passed on as Tomlyn wrote it.
    /// </summary>
    private static string Reason(string message)
    {
        var m = DuplicateKey().Match(message);
        return m.Success ? $"duplicate key '{m.Groups["key"].Value}' (first defined at {m.Groups["line"].Value}:{m.Groups["column"].Value})" : message;
    }

    private static TomlParseResult Failed(List<TomlError> errors) => new(null, errors);

    private static (int Line, int Column) LineAndColumn(ReadOnlySpan<char> before)
    {
        var line = before.Count('\n') + 1;
        return (line, before.Length - (before.LastIndexOf('\n') + 1) + 1);
    }

    [GeneratedRegex(@"^The key `(?<key>.*?)` is already defined at \((?<line>\d+),(?<column>\d+)\) with `.*` and cannot be redefined\.?$", RegexOptions.Singleline)]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"^.*?\(\d+,\d+\) : error : ")]
    private static partial Regex PositionPrefix();
}
