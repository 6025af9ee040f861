using Hiy.Hardware.Ups;

namespace Hiy.Tests.Hardware.Ups;

public class LinuxI2cBusTests
{
    [Fact]
    public void ReadWord_NoSuchAdapter_IOExceptionLikeAnEmptyAddress()
    {
        Assert.False(File.Exists(LinuxI2cBus.DevicePath(250)));
        using var bus = new LinuxI2cBus(250);
        var e = Assert.ThrowsAny<IOException>(() => bus.ReadWord(0x42, Ina219.BusRegister));
        Assert.ThrowsAny<IOException>(() => bus.WriteWord(0x42, Ina219.CalibrationRegister, Ina219.Calibration));
        Assert.NotEmpty(e.Message);
    }
}
