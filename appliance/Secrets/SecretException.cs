namespace Hiy.Secrets;

/// <summary>A secret or the master key could not be read, written or decrypted; the message names which.</summary>
public sealed class SecretException(string message, Exception? inner = null) : Exception(message, inner);
