namespace Hiy.Web;

/// <summary>hiy serve cannot start; the message is the one line shown to the person running it.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
