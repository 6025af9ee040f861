namespace Hiy.Ops;

/// <summary>An operation hiy cannot hand to the root side; the message says what is missing.</summary>
public sealed class OpsException(string message) : Exception(message);
