using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Grpc;

internal static class SampleAlerts
{
    public const long BaseTime = 1_763_766_062_123_456_789;

    public static Alert Create(int i, int outputPadding = 0) => new()
    {
        Rule = $"rule {i}",
        Priority = AlertPriority.Warning,
        Output = $"alert {i} by pid={1000 + i}" + new string('.', outputPadding),
        TimeUnixNanos = BaseTime + i,
        Source = "syscall",
        Hostname = "node-1",
        Tags = ["T1059", "container"],
        OutputFields =
        [
            new AlertField("proc.name", AlertFieldValue.FromString("bash")),
            new AlertField("proc.pid", AlertFieldValue.FromInt64(1000 + i)),
            new AlertField("evt.rawres", AlertFieldValue.FromUInt64(ulong.MaxValue)),
            new AlertField("fd.ratio", AlertFieldValue.FromDouble(0.5)),
            new AlertField("proc.is_exe_writable", AlertFieldValue.FromBool(true)),
            new AlertField("container.id", AlertFieldValue.Null),
        ],
        Uuid = new Guid(i, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]),
    };

    /// <summary>Polls until <paramref name="condition"/> holds (for state owned by another task or process).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitUntilAsync(condition, () => what, timeout);

    /// <summary>As above, describing the state at the time of failure.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what()}");
            await Task.Delay(5);
        }
    }
}
