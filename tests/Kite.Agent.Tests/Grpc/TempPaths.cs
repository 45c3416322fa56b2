namespace Kite.Agent.Tests.Grpc;

/// <summary>A private temporary folder (for sockets and generated certificates), removed on dispose.</summary>
internal sealed class TempPaths : IDisposable
{
    public TempPaths()
    {
        // Unix socket paths are limited to 107 bytes: keep the folder short.
        Root = Path.Combine(Path.GetTempPath(), "kg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
