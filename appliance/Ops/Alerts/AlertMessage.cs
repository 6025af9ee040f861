namespace Hiy.Ops.Alerts;

/// <summary>One alert as every channel sends it: a short title (e-mail subject) and the text.</summary>
public sealed record AlertMessage(string Title, string Text);
