using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests;

/// <summary>
/// A logger provider that keeps every line hiy writes (level, category, message, whether a stack trace came with it),
/// so a test can check that an attack left one warning and no trace.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    public sealed record Line(LogLevel Level, string Category, string Message, bool HasException)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(HasException ? " [+exception]" : "")}";
    }

    private readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new Line(logLevel, category, formatter(state, exception), exception is not null));
    }
}
