using System.Runtime.InteropServices;
using Hiy.Ops;

namespace Hiy.Tests.Ops;

public class ElfMachineTests
{
    private static byte[] Header(byte elfClass, ushort machine)
    {
        var h = new byte[64];
        h[0] = 0x7f; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F';
        h[4] = elfClass; h[5] = 1;
        h[18] = (byte)machine; h[19] = (byte)(machine >> 8);
        return h;
    }

    [Theory]
    [InlineData(62, "x86_64")]
    [InlineData(183, "aarch64")]
    [InlineData(40, "other:40")]
    public void Of_Elf64_MachineName(ushort machine, string expected) => Assert.Equal(expected, ElfMachine.Of(Header(2, machine)));

    [Fact]
    public void Of_Elf32OrNotElf_Null()
    {
        Assert.Null(ElfMachine.Of(Header(1, 40)));
        Assert.Null(ElfMachine.Of("#!/bin/sh\necho hi\n"u8));
        Assert.Null(ElfMachine.Of([0x7f, (byte)'E']));
    }

    [Fact]
    public void Of_ThisProcess_MatchesItsArchitecture()
    {
        var header = new byte[20];
        using (var exe = File.OpenRead("/proc/self/exe"))
            exe.ReadExactly(header);
        Assert.Equal(ElfMachine.Of(RuntimeInformation.ProcessArchitecture), ElfMachine.Of(header));
    }
}
