using System.Text;
using Hiy.Docker.Models;

namespace Hiy.Docker.Streams;

/// <summary>
/// Follows the JSON message stream of POST /build (legacy builder): hands out its text line by line, remembers the
/// current <c>Step N/M : …</c> and the built image id, and turns an <c>errorDetail</c> into a
/// <see cref="DockerApiException"/> carrying the failing step and Docker's message.
/// </summary>
internal sealed class BuildOutput(string subject, Action<string>? onLine)
{
    private const string SuccessPrefix = "Successfully built ";
    private readonly StringBuilder _partial = new();

    /// <summary>The most recent <c>Step N/M : …</c> line.</summary>
    public string? CurrentStep { get; private set; }

    /// <summary>The built image (<c>sha256:…</c>, or the short id from "Successfully built" when no aux came).</summary>
    public string? ImageId { get; private set; }

    public void Handle(JsonMessage message)
    {
        if (message.Stream is { } text)
            AppendText(StripColors(text));
        if (message.Status is { } status)
        {
            FlushPartial();
            var line = string.Join(' ', new[] { message.Id is { } id ? id + ":" : null, status, message.Progress }
                .Where(s => !string.IsNullOrEmpty(s)));
            Emit(line);
        }
        if (message.Aux?.ID is { } auxId)
            ImageId = auxId;
        if (message.ErrorDetail is not null || message.Error is not null)
        {
            FlushPartial();
            var error = message.ErrorDetail?.Message ?? message.Error ?? "unknown error";
            Emit(error);
            var where = CurrentStep is null ? "" : $"{CurrentStep}: ";
            throw new DockerApiException($"{subject}: {where}{error}")
            {
                DockerMessage = error,
                BuildStep = CurrentStep,
            };
        }
    }

    /// <summary>The stream ended; returns the image id, or throws when Docker never said it built one.</summary>
    public string Complete()
    {
        FlushPartial();
        return ImageId ?? throw new DockerApiException(
            $"{subject}: the build output ended without an image id" + (CurrentStep is null ? "" : $" (last step: {CurrentStep})"))
        {
            BuildStep = CurrentStep,
        };
    }

    /// <summary>
    /// The legacy builder paints a RUN step's stderr red (<c>ESC[91m … ESC[0m</c>); the build log is plain text, so
    /// SGR sequences are dropped.
    /// </summary>
    internal static string StripColors(string text)
    {
        var esc = text.IndexOf('\u001b');
        if (esc < 0)
            return text;
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (esc >= 0)
        {
            sb.Append(text, i, esc - i);
            var j = esc + 1;
            if (j < text.Length && text[j] == '[')
            {
                j++;
                while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] == ';'))
                    j++;
                if (j < text.Length && text[j] == 'm')
                {
                    i = j + 1;
                    esc = text.IndexOf('\u001b', i);
                    continue;
                }
            }
            sb.Append(text[esc]);
            i = esc + 1;
            esc = text.IndexOf('\u001b', i);
        }
        sb.Append(text, i, text.Length - i);
        return sb.ToString();
    }

    private void AppendText(string text)
    {
        var start = 0;
        while (true)
        {
            var nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                _partial.Append(text, start, text.Length - start);
                return;
            }
            _partial.Append(text, start, nl - start);
            FlushPartial(force: true);
            start = nl + 1;
        }
    }

    private void FlushPartial(bool force = false)
    {
        if (_partial.Length == 0 && !force)
            return;
        var line = _partial.ToString().TrimEnd('\r');
        _partial.Clear();
        Emit(line);
    }

    private void Emit(string line)
    {
        if (line.StartsWith("Step ", StringComparison.Ordinal))
            CurrentStep = line;
        else if (ImageId is null && line.StartsWith(SuccessPrefix, StringComparison.Ordinal))
            ImageId = line[SuccessPrefix.Length..].Trim();
        onLine?.Invoke(line);
    }
}
