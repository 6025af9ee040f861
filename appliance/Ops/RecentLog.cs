namespace Hiy.Ops;

/// <summary>
/// The last <see cref="Capacity"/> lines hiy logged, kept in memory for the support bundle (hiy's
/// sandbox cannot read the journal). Redaction happens when the bundle is written, with the secrets
/// known then.
/// </summary>
public sealed class RecentLog(TimeProvider time) : ILoggerProvider
{
    public const int Capacity = 2000;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
            return _lines.ToArray();
    }

    private void Add(LogLevel level, string category, string text)
    {
        var line = $"{time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'} {Short(level)} {category}: {text}";
        lock (_gate)
        {
            if (_lines.Count == Capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    private static string Short(LogLevel l) => l switch
    {
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => l.ToString().ToLowerInvariant(),
    };

    public void Dispose()
    {
    }

    private sealed class Logger(RecentLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var text = formatter(state, exception);
            if (exception is not null)
                text += $" ({exception.GetType().Name}: {exception.Message})";
            owner.Add(logLevel, category, text);
        }
    }
}
