using System.Runtime.CompilerServices;
using System.Text;
using Hiy.Core;

namespace Hiy.Builds;

/// <summary>A finished step of a build and how long it took.</summary>
public sealed record BuildStepTiming(string Title, DateTimeOffset StartedAt, TimeSpan Duration);

/// <summary>
/// One deploy's log: an append-only list of lines that live followers (SSE, git push output) await.
/// Every line is redacted (env values) before it is stored. Steps are <c>-----&gt; title</c> lines
/// (Heroku's, dokku's) and failures <c> !     text</c>; each step's duration is recorded.
/// <para>Size cap: once the stored text reaches <c>maxBytes</c>, one <c>[log truncated]</c> line is
/// written and ordinary output stops being stored; only its last <see cref="TailLines"/> lines are
/// kept and written (after a line saying how many were left out) when the next step starts or the log
/// completes. Step and failure lines always get in, so the end of a long failed build stays readable.</para>
/// </summary>
public sealed class BuildLog
{
    public const int DefaultMaxBytes = 2 * 1024 * 1024;
    public const int TailLines = 100;
    public const string StepPrefix = "-----> ";
    public const string FailurePrefix = " !     ";
    public const string TruncatedMarker = "[log truncated]";

    /// <summary>Room past the cap for step, failure and kept-tail lines; beyond it even they are dropped.</summary>
    public const int ReserveBytes = 256 * 1024;

    private volatile SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly int _maxBytes;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<BuildStepTiming> _steps = [];
    private readonly Queue<string> _tail = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _bytes;
    private bool _truncated;
    private long _omitted;
    private (string Title, DateTimeOffset Start)? _current;
    private DateTimeOffset? _completedAt;

    public BuildLog(SecretRedactor? redactor = null, TimeProvider? time = null, int maxBytes = DefaultMaxBytes)
    {
        _redactor = redactor ?? SecretRedactor.None;
        _time = time ?? TimeProvider.System;
        _maxBytes = maxBytes;
        StartedAt = _time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    public bool IsComplete { get { lock (_lock) return _completedAt is not null; } }

    /// <summary>From creation to <see cref="Complete"/> (or now, while running).</summary>
    public TimeSpan Total { get { lock (_lock) return (_completedAt ?? _time.GetUtcNow()) - StartedAt; } }

    public IReadOnlyList<BuildStepTiming> Steps { get { lock (_lock) return [.. _steps]; } }

    public int LineCount { get { lock (_lock) return _lines.Count; } }

    public bool Truncated { get { lock (_lock) return _truncated; } }

    /// <summary>The whole log as stored, one '\n' after every line.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                var sb = new StringBuilder();
                foreach (var l in _lines)
                    sb.Append(l).Append('\n');
                return sb.ToString();
            }
        }
    }

    /// <summary>Starts a step: ends the previous one (recording its duration) and writes <c>-----&gt; title</c>.</summary>
    public void Step(string title)
    {
        lock (_lock)
        {
            EndStep();
            var clean = Clean(title);
            _current = (clean, _time.GetUtcNow());
            FlushTail();
            Append(StepPrefix + clean, always: true);
        }
        Notify();
    }

    /// <summary>Output of the current step; text with several lines is split (a '\r' keeps the last progress frame).</summary>
    public void Line(string text)
    {
        lock (_lock)
        {
            foreach (var line in Split(text))
            {
                if (!_truncated && _bytes + Size(line) > _maxBytes)
                {
                    _truncated = true;
                    Append(TruncatedMarker, always: true);
                }
                if (_truncated)
                {
                    _omitted++;
                    _tail.Enqueue(line);
                    if (_tail.Count > TailLines)
                        _tail.Dequeue();
                }
                else
                {
                    Append(line, always: false);
                }
            }
        }
        Notify();
    }

    public void Failure(string text)
    {
        lock (_lock)
        {
            FlushTail();
            foreach (var line in Split(text))
                Append(FailurePrefix + line, always: true);
        }
        Notify();
    }

    /// <summary>Ends the last step and wakes every follower for the last time. Further writes are ignored.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completedAt is not null)
                return;
            EndStep();
            FlushTail();
            _completedAt = _time.GetUtcNow();
        }
        Notify();
    }

    /// <summary>
    /// The lines from <paramref name="fromLine"/> on, then each new one as it is written, until the log
    /// completes (or <paramref name="cancellationToken"/> fires).
    /// </summary>
    public async IAsyncEnumerable<string> FollowAsync(int fromLine = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(0, fromLine);
        while (true)
        {
            string[] batch;
            bool done;
            Task changed;
            lock (_lock)
            {
                batch = next < _lines.Count ? _lines.GetRange(next, _lines.Count - next).ToArray() : [];
                next += batch.Length;
                done = _completedAt is not null;
                changed = _changed.Task;
            }
            foreach (var line in batch)
                yield return line;
            if (done)
                yield break;
            if (batch.Length == 0)
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(string line, bool always)
    {
        if (_completedAt is not null)
            return;
        // Step, failure and tail lines get in past the cap; a runaway number of them still stops at the reserve.
        if (always && _bytes + Size(line) > (long)_maxBytes + ReserveBytes)
            return;
        _lines.Add(line);
        _bytes += Size(line);
    }

    private void FlushTail()
    {
        if (_tail.Count == 0)
            return;
        var skipped = _omitted - _tail.Count;
        Append(skipped > 0 ? $"[{skipped} lines left out; the last {_tail.Count} follow]" : $"[the last {_tail.Count} lines follow]", always: true);
        while (_tail.TryDequeue(out var l))
            Append(l, always: true);
        _omitted = 0;
    }

    private void EndStep()
    {
        if (_current is { } c)
            _steps.Add(new BuildStepTiming(c.Title, c.Start, _time.GetUtcNow() - c.Start));
        _current = null;
    }

    private void Notify()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = NewSignal();
        }
        old.TrySetResult();
    }

    private IEnumerable<string> Split(string text)
    {
        if (text.EndsWith('\n'))
            text = text[..^1];
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var cr = line.LastIndexOf('\r');
            yield return Clean(cr >= 0 ? line[(cr + 1)..] : line);
        }
    }

    private string Clean(string line) => _redactor.Redact(line);

    /// <summary>Sets the secrets to mask from now on (a deploy learns its app's env values when it starts).</summary>
    public void UseRedactor(SecretRedactor redactor) => _redactor = redactor;

    private static long Size(string line) => Encoding.UTF8.GetByteCount(line) + 1;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
