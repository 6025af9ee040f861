using System.Buffers.Binary;
using System.Text;

namespace Hiy.Tests.Docker;

/// <summary>Builds the bytes of Docker's multiplexed log stream for decoder tests.</summary>
internal static class Frames
{
    public static byte[] Frame(int stream, string payload) => Frame(stream, Encoding.UTF8.GetBytes(payload));

    public static byte[] Frame(int stream, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
