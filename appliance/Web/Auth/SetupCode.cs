using System.Security.Cryptography;
using Hiy.Store;

namespace Hiy.Web.Auth;

/// <summary>
/// The code the first-run wizard always asks for: the configured <c>setup_code</c> (the image pre-seeds one), else one
/// generated at first start and sealed in the settings so every start until setup prints the same code. Without it the
/// first visitor (or a DNS-rebinding page in a LAN browser) would own the appliance.
/// </summary>
public sealed record SetupCode(string Value, bool Generated)
{
    /// <summary>Settings key of the generated code (sealed with the master key like every other secret).</summary>
    public const string SettingKey = "setup_code_generated";

    // The image's alphabet (image-builder/lib/common.sh): no 0/O/1/I/L, so it can be read aloud and typed.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static SetupCode Resolve(string? configured, SettingsRepository settings, bool setupPending)
    {
        if (configured is { Length: > 0 })
            return new SetupCode(configured.Trim(), false);
        if (settings.GetSecret(SettingKey) is { Length: > 0 } stored)
            return new SetupCode(stored, true);
        var code = New();
        // Once setup is done nobody asks for it: not stored, so a start after setup writes nothing (a full disk starts).
        if (setupPending)
            settings.SetSecret(SettingKey, code);
        return new SetupCode(code, true);
    }

    /// <summary>Four groups of four (about 79 bits), from the OS's CSPRNG.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[19];
        for (var i = 0; i < 19; i++)
            chars[i] = i % 5 == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }
}
