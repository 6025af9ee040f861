using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hiy.Ops;

/// <summary>
/// The CPU a binary is for, read from its ELF header (e_machine at offset 18), so a self-update built
/// for the wrong board is refused before it replaces anything.
/// </summary>
public static class ElfMachine
{
    /// <summary>"x86_64", "aarch64", "other:&lt;n&gt;", or null when the bytes are not a 64-bit little-endian ELF.</summary>
    public static string? Of(ReadOnlySpan<byte> header)
    {
        if (header.Length < 20 || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            return null;
        if (header[4] != 2 || header[5] != 1) // EI_CLASS 64-bit, EI_DATA little-endian: every board hiy runs on
            return null;
        return BinaryPrimitives.ReadUInt16LittleEndian(header[18..]) switch
        {
            62 => "x86_64",
            183 => "aarch64",
            var m => $"other:{m}",
        };
    }

    public static string Of(Architecture arch) => arch switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        var a => a.ToString().ToLowerInvariant(),
    };
}
