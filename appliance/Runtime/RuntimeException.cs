namespace Hiy.Runtime;

/// <summary>Running an app's container failed; the message names the app and what Docker said.</summary>
public sealed class RuntimeException(string message, Exception? inner = null) : Exception(message, inner);
