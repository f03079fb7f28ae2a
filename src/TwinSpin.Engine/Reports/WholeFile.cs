namespace TwinSpin.Engine.Reports;

/// <summary>
/// A file written whole or not at all: into a temporary file beside it, renamed over the target only when complete,
/// so a failure or Ctrl+C never leaves half a file (nor destroys the previous one). Reports and repair scripts use it.
/// </summary>
public static class WholeFile
{
    public static async Task<T> WriteAsync<T>(string path, Func<Stream, Task<T>> write)
    {
        path = Path.GetFullPath(path);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            T result;
            await using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 1 << 16,
            }))
            {
                result = await write(stream).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TwinSpinException(ErrorCode.ReportWriteFailed, $"The file '{path}' cannot be written: {e.Message}", e) { Target = path };
        }
        finally
        {
            if (File.Exists(temporary)) // gone already when the file was completed
            {
                File.Delete(temporary);
            }
        }
    }
}
