namespace Hiy.Tests.Hardware;

/// <summary>
/// /proc and /sys as a Raspberry Pi 4 Model B (4 GB, Raspberry Pi OS 12, kernel 6.6) and a Pi 5 Model B (8 GB) show them,
/// recorded under <c>Hardware/Fixtures/{pi4,pi5}</c> and copied under a scratch root for <see cref="Hiy.Hardware.SystemProbe"/>.
/// The get_throttled word is what the firmware driver prints (hex, no 0x), written at the board's own path: the Pi 5's
/// firmware node sits under its <c>soc@107c000000</c> bus. <c>throttled/</c> holds the recorded words by state.
/// </summary>
internal static class PiFixtures
{
    public const string Pi4ThrottledFile = "sys/devices/platform/soc/soc:firmware/get_throttled";
    public const string Pi5ThrottledFile = "sys/devices/platform/soc@107c000000/soc@107c000000:firmware/get_throttled";

    public static string Dir(string board) => Path.Combine(AppContext.BaseDirectory, "Hardware", "Fixtures", board);

    public static string Pi4Stat => File.ReadAllText(Path.Combine(Dir("pi4"), "proc", "stat"));

    /// <summary>The recorded word of <paramref name="state"/> (normal, throttled, under-voltage-seen, soft-temp-limit).</summary>
    public static string Word(string board, string state) => File.ReadAllText(Path.Combine(Dir(board), "throttled", state)).Trim();

    public static TempDir Pi4(string throttled) => Copy("pi4", Pi4ThrottledFile, throttled);

    public static TempDir Pi5(string throttled) => Copy("pi5", Pi5ThrottledFile, throttled);

    private static TempDir Copy(string board, string throttledFile, string word)
    {
        var root = new TempDir();
        var from = Dir(board);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("throttled", StringComparison.Ordinal))
                continue;
            var to = root.File(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        root.Write(throttledFile, word + "\n");
        return root;
    }
}
