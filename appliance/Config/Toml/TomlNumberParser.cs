using System.Globalization;

namespace Hiy.Config.Toml;

/// <summary>TOML 1.0 §Integer and §Float: one token, validated character by character, then converted.</summary>
internal static class TomlNumberParser
{
    /// <summary>Reads an integer (<see cref="long"/>) or a float (<see cref="double"/>) at the cursor.</summary>
    public static object Read(TomlCursor cursor)
    {
        var start = cursor.Pos;
        while (IsTokenChar(cursor.Peek()))
            cursor.Advance();
        var token = cursor.Slice(start, cursor.Pos);
        if (token.Length == 0)
            throw cursor.Error($"expected a value, found {TomlCursor.Describe(cursor.Peek())}");
        return new Scan(cursor, token, start).Parse();
    }

    // Everything a number can contain, so "1.2.3" or "0x1g" is read whole and rejected with a reason.
    private static bool IsTokenChar(int c) =>
        c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or '.' or '+' or '-';

    private ref struct Scan(TomlCursor cursor, string token, int start)
    {
        private int _i;

        public object Parse()
        {
            var signed = token[0] is '+' or '-';
            var negative = token[0] == '-';
            if (signed)
                _i = 1;
            var rest = token.AsSpan(_i);
            // TOML 1.0 §Float: "inf" and "nan", lower case only, with an optional sign.
            if (rest is "inf")
                return negative ? double.NegativeInfinity : double.PositiveInfinity;
            if (rest is "nan")
                return double.NaN;
            if (rest.Length > 0 && char.IsAsciiLetter(rest[0]))
                throw Fail($"expected a value, found '{token}' (the special floats are inf and nan, lower case)", 0);
            if (rest.Length >= 2 && rest[0] == '0' && rest[1] is 'x' or 'o' or 'b' or 'X' or 'O' or 'B')
            {
                if (rest[1] is 'X' or 'O' or 'B')
                    throw Fail($"the prefix '0{rest[1]}' must be lower case", _i + 1);
                if (signed)
                    throw Fail("a hexadecimal, octal or binary integer cannot have a sign", 0);
                return ParseRadix(rest[1] switch { 'x' => 16, 'o' => 8, _ => 2 });
            }
            return ParseDecimal(negative);
        }

        private object ParseDecimal(bool negative)
        {
            if (_i >= token.Length || !TomlCursor.IsDigit(token[_i]))
                throw Fail(_i < token.Length && token[_i] == '.'
                    ? "a float needs a digit before the '.'"
                    : $"expected a number, found {Found()}", _i);
            var intStart = _i;
            ReadDigits(10, "a number");
            // TOML 1.0 §Integer: "Leading zeros are not allowed" (the float integer part follows the same rule).
            if (token[intStart] == '0' && _i - intStart > 1)
                throw Fail("leading zeros are not allowed", intStart);
            var isFloat = false;
            if (_i < token.Length && token[_i] == '.')
            {
                isFloat = true;
                _i++;
                ExpectDigit("after the '.' of a float");
                ReadDigits(10, "a float");
            }
            if (_i < token.Length && token[_i] is 'e' or 'E')
            {
                isFloat = true;
                _i++;
                if (_i < token.Length && token[_i] is '+' or '-')
                    _i++;
                ExpectDigit("in the exponent of a float");
                ReadDigits(10, "an exponent");
            }
            if (_i < token.Length)
                throw Fail($"unexpected {Found()} in a number", _i);

            var digits = token.Replace("_", "", StringComparison.Ordinal);
            if (isFloat)
            {
                var d = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (double.IsInfinity(d))
                    throw Fail("float is out of range for a 64-bit float", 0);
                return d;
            }
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Fail("integer is out of range for a 64-bit signed integer", 0);
            return value;
        }

        private long ParseRadix(int radix)
        {
            _i += 2;
            var name = radix switch { 16 => "hexadecimal", 8 => "octal", _ => "binary" };
            var article = radix == 8 ? "an" : "a";
            ExpectDigit($"after the {name} prefix", radix);
            var digitsStart = _i;
            ReadDigits(radix, $"{article} {name} integer");
            if (_i < token.Length)
                throw Fail($"unexpected {Found()} in {article} {name} integer", _i);
            ulong value = 0;
            for (var j = digitsStart; j < token.Length; j++)
            {
                if (token[j] == '_')
                    continue;
                value = value * (ulong)radix + (ulong)DigitValue(token[j]);
                // TOML 1.0 §Integer: the range is that of a 64-bit signed integer, prefixes included.
                if (value > long.MaxValue)
                    throw Fail("integer is out of range for a 64-bit signed integer", 0);
            }
            return (long)value;
        }

        /// <summary>Digits with single underscores between them (TOML 1.0 §Integer: "each underscore must be surrounded by at least one digit").</summary>
        private void ReadDigits(int radix, string what)
        {
            while (_i < token.Length)
            {
                var c = token[_i];
                if (IsDigit(c, radix))
                {
                    _i++;
                }
                else if (c == '_')
                {
                    if (_i + 1 >= token.Length || !IsDigit(token[_i + 1], radix))
                        throw Fail($"'_' in {what} must be between two digits", _i);
                    _i++;
                }
                else
                {
                    return;
                }
            }
        }

        private void ExpectDigit(string where, int radix = 10)
        {
            if (_i >= token.Length || !IsDigit(token[_i], radix))
                throw Fail($"expected a digit {where}, found {Found()}", _i);
        }

        private readonly string Found() => _i < token.Length ? TomlCursor.Describe(token[_i]) : TomlCursor.Describe(cursor.Peek());

        private readonly TomlException Fail(string reason, int offset) => cursor.Error(reason, start + offset);

        private static bool IsDigit(char c, int radix) => radix switch
        {
            16 => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'),
            8 => c is >= '0' and <= '7',
            2 => c is '0' or '1',
            _ => c is >= '0' and <= '9',
        };

        private static int DigitValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => c - 'A' + 10,
        };
    }
}
