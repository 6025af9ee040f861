namespace Hiy.Cli.Client;

/// <summary>One Server-Sent Event: its <c>event</c> name (<c>message</c> when none is given) and its data lines joined by newlines.</summary>
public sealed record SseEvent(string Event, string Data);
