namespace Hiy.Hardware.Ups;

/// <summary>
/// 16-bit registers of the devices on one I2C bus, big-endian on the wire (INA219 and MAX17048 both send the most
/// significant byte first). A device that does not answer throws <see cref="IOException"/>, which is how probing tells
/// an empty address from a present chip. Production is <see cref="LinuxI2cBus"/>; tests hand in simulated devices.
/// </summary>
public interface II2cBus
{
    ushort ReadWord(int address, byte register);

    void WriteWord(int address, byte register, ushort value);
}
