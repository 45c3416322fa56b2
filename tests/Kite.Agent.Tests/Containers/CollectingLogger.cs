using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Tests.Containers;

/// <summary>An ILogger that keeps every formatted line, for asserting on transition logs.</summary>
internal sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
