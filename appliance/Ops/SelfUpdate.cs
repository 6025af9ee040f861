using System.Runtime.InteropServices;

namespace Hiy.Ops;

/// <summary>A staged self-update (its request's status), or why the upload was refused.</summary>
public sealed record StageResult(OperationStatus? Status, string? Error = null, bool TooLarge = false);

/// <summary>
/// Stages an uploaded hiy binary for hiy-ops, which swaps it in, restarts hiy and puts the previous
/// binary back when the new one is not ready within 60 s. Checked here first: an ELF for this CPU,
/// of a plausible size, written completely (a cut upload never becomes <c>hiy.new</c>).
/// </summary>
public sealed class SelfUpdate(OperationsChannel ops, ILogger<SelfUpdate> log)
{
    public const long MaxBytes = 256L << 20;
    public const long MinBytes = 64 << 10;
    public const string Request = "self-update";

    public string StagedPath => Path.Combine(ops.StateDir, "hiy.new");

    /// <summary>The staged request, or the reason the upload is refused (nothing is kept then).</summary>
    public async Task<StageResult> StageAsync(Stream body, CancellationToken ct)
    {
        ops.EnsureCanSubmit(Request); // before anything is written over a hiy.new that hiy-ops may be reading
        Directory.CreateDirectory(ops.StateDir);
        var upload = StagedPath + ".upload";
        try
        {
            long length;
            await using (var file = new FileStream(upload, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                length = 0;
                int n;
                while ((n = await body.ReadAsync(buffer, ct)) > 0)
                {
                    length += n;
                    if (length > MaxBytes)
                        return new StageResult(null, $"the binary is larger than {MaxBytes >> 20} MB", TooLarge: true);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            if (length < MinBytes)
                return new StageResult(null, $"{length} bytes is too small to be hiy (at least {MinBytes >> 10} KB expected)");
            var header = new byte[20];
            await using (var file = File.OpenRead(upload))
                await file.ReadExactlyAsync(header, ct);
            var want = ElfMachine.Of(RuntimeInformation.ProcessArchitecture);
            var got = ElfMachine.Of(header);
            if (got is null)
                return new StageResult(null, "the upload is not a 64-bit Linux ELF binary");
            if (got != want)
                return new StageResult(null, $"the binary is built for {got}, but this machine is {want}; publish hiy with -r linux-{(want == "aarch64" ? "arm64" : "x64")}");
            File.SetUnixFileMode(upload, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.Move(upload, StagedPath, overwrite: true);
            OpsLog.SelfUpdateStaged(log, length, got);
            return new StageResult(ops.Submit(Request));
        }
        finally
        {
            File.Delete(upload);
        }
    }
}
