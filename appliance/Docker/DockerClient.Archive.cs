namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>
    /// GET /containers/{id}/archive?path=…: a tar of <paramref name="path"/> inside the container (a created,
    /// never started one is enough). Entries are named from the path's last component (<c>/app/dist</c> →
    /// <c>dist/…</c>). The stream goes to <paramref name="read"/> as it arrives and is closed when it returns;
    /// a missing path throws with status 404. The tar keeps flowing while Docker writes it, so a silence longer than
    /// <see cref="DockerClientOptions.StreamIdleTimeout"/> ends the copy.
    /// </summary>
    public async Task<T> CopyFromContainerAsync<T>(string container, string path, Func<Stream, CancellationToken, Task<T>> read,
        CancellationToken ct = default)
    {
        var subject = $"container '{container}': copy {path}";
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new DockerQuery($"/containers/{DockerQuery.Segment(container)}/archive").Add("path", path).ToString());
        var idle = _options.StreamIdleTimeout;
        using var response = await OpenStreamAsync(request, subject, ct, idle).ConfigureAwait(false);
        await using var stream = await ReadBodyAsync(response, subject, idle, ct).ConfigureAwait(false);
        return await read(stream, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// PUT /containers/{id}/archive?path=…: unpacks <paramref name="tar"/> into the container under <paramref name="path"/>
    /// (a directory that must exist; a created, never started container is enough). Parent folders of the entries are
    /// made as needed; a missing <paramref name="path"/> throws with status 404.
    /// </summary>
    public Task PutArchiveAsync(string container, string path, Stream tar, CancellationToken ct = default)
    {
        var content = new StreamContent(tar);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        var request = new HttpRequestMessage(HttpMethod.Put,
            new DockerQuery($"/containers/{DockerQuery.Segment(container)}/archive").Add("path", path).ToString()) { Content = content };
        return SendExpectingSuccessAsync(request, $"container '{container}': copy into {path}", ct);
    }
}
