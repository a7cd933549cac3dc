using Microsoft.Extensions.Logging;

namespace Microwasm.Cli.Serve;

/// <summary>The manager's log on the CLI's standard error: one line per entry, <c>microwasm: ...</c>.</summary>
internal sealed class ConsoleLogger(TextWriter error, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var level = logLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        var line = $"microwasm: {level}{formatter(state, exception)}";
        lock (error)
        {
            error.WriteLine(line);
            if (exception is not null)
            {
                error.WriteLine(exception);
            }
        }
    }
}
