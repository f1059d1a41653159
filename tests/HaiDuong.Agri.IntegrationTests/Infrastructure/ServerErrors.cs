using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HaiDuong.Agri.IntegrationTests.Infrastructure;

/// <summary>
/// The errors the app under test logged (with their exceptions), so a test that meets an unexpected 500 can show its cause
/// instead of only "internal-error".
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 20;
    private static readonly ConcurrentQueue<string> Recent = new();

    public static string Describe() => Recent.IsEmpty ? "(the server logged no error)" : string.Join("\n---\n", Recent);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Recent.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
            while (Recent.Count > Kept)
            {
                Recent.TryDequeue(out _);
            }
        }
    }
}
