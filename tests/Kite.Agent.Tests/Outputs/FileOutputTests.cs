using Kite.Agent.Configuration;
using Kite.Agent.Outputs;

namespace Kite.Agent.Tests.Outputs;

public sealed class FileOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-file-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static FileOutput Create(string path, bool keepAlive) =>
        new(new FileOutputConfig { Enabled = true, KeepAlive = keepAlive, Filename = path }, new AlertFormatter(new AlertFormatConfig(), "h", TimeZoneInfo.Utc));

    [Fact]
    public async Task KeepAliveAppendsLinesToOneOpenFile()
    {
        string path = PathOf("events.txt");
        File.WriteAllText(path, "existing line\n");
        await using FileOutput output = Create(path, keepAlive: true);

        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.WriteAsync(TestAlerts.Make(n: 2), default);
        await output.FlushAsync(default);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("existing line", lines[0]);
        Assert.EndsWith("n=1", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("n=2", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAliveWritesToRenamedFileUntilReopened()
    {
        string path = PathOf("events.txt");
        await using FileOutput output = Create(path, keepAlive: true);
        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.FlushAsync(default);

        // What logrotate does: move the file away, then signal.
        File.Move(path, PathOf("events.txt.1"));
        await output.WriteAsync(TestAlerts.Make(n: 2), default);
        await output.FlushAsync(default);
        await output.ReopenAsync(default);
        await output.WriteAsync(TestAlerts.Make(n: 3), default);
        await output.FlushAsync(default);

        Assert.Equal(2, File.ReadAllLines(PathOf("events.txt.1")).Length);
        string line = Assert.Single(File.ReadAllLines(path));
        Assert.EndsWith("n=3", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutKeepAliveEachAlertOpensTheFileAndIsOnDiskAtOnce()
    {
        string path = PathOf("events.txt");
        await using FileOutput output = Create(path, keepAlive: false);

        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        Assert.Single(File.ReadAllLines(path));

        File.Move(path, PathOf("events.txt.1"));
        await output.WriteAsync(TestAlerts.Make(n: 2), default);

        Assert.EndsWith("n=2", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);
        Assert.EndsWith("n=1", Assert.Single(File.ReadAllLines(PathOf("events.txt.1"))), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task NewFileIsNotWorldReadable()
    {
        string path = PathOf("secret.txt");
        await using FileOutput output = Create(path, keepAlive: false);

        await output.WriteAsync(TestAlerts.Make(), default);

        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
    }

    [Fact]
    public async Task UnwritablePathFailsTheWrite()
    {
        await using FileOutput output = Create(PathOf("no/such/dir/events.txt"), keepAlive: false);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(async () => await output.WriteAsync(TestAlerts.Make(), default));
    }

    [Fact]
    public async Task StdoutOutputWritesOneLinePerAlertAndFlushesOnRequest()
    {
        var sink = new MemoryStream();
        await using var output = new StdoutOutput(new AlertFormatter(new AlertFormatConfig { Json = true }, "h"), sink);

        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.WriteAsync(TestAlerts.Make(n: 2), default);
        Assert.Equal(0, sink.Length);
        await output.FlushAsync(default);

        string[] lines = System.Text.Encoding.UTF8.GetString(sink.ToArray()).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"hostname\":", lines[0], StringComparison.Ordinal);
        Assert.Equal("", lines[2]);
    }
}
