using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hiy.Tests.Proxy;

/// <summary>Keeps every formatted log line, so tests can check what the proxy logged.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)}" + (exception is null ? "" : "\n" + exception));
}
