namespace Ogiri.Lambda.Runtime;

/// <summary>A function's code: one event in, one JSON answer out.</summary>
public interface IHandler
{
    Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler knows about its invocation: the event, and how much time is left.</summary>
public sealed class InvocationContext(Invocation invocation, TimeProvider clock)
{
    public Invocation Invocation { get; } = invocation;
    public ReadOnlyMemory<byte> Payload => Invocation.Payload;
    public TimeSpan RemainingTime => Invocation.Deadline - clock.GetUtcNow();
}

/// <summary>
/// The custom runtime's loop: initialise once (an init failure is reported and ends the process), then
/// forever take the next event, hand it to the handler, and post its answer or its error.
/// </summary>
public sealed class LambdaBootstrap(IRuntimeApi runtime, TimeProvider clock, Action<string?> setTraceId)
{
    /// <summary>Returns only when <paramref name="cancellationToken"/> is cancelled (tests) or initialisation failed (exit code 1).</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<IHandler>> initialise, CancellationToken cancellationToken)
    {
        IHandler handler;
        try
        {
            handler = await initialise(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await runtime.ReportInitErrorAsync(LambdaError.From(e), cancellationToken);
            return 1;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await InvokeAsync(handler, await runtime.NextAsync(cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped from outside (only tests do): the loop ends between or during invocations.
        }
        return 0;
    }

    private async Task InvokeAsync(IHandler handler, Invocation invocation, CancellationToken cancellationToken)
    {
        setTraceId(invocation.TraceId);
        var context = new InvocationContext(invocation, clock);
        // Past the deadline Lambda freezes the process anyway; cancelling then lets the next invocation start clean.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (context.RemainingTime > TimeSpan.Zero) deadline.CancelAfter(context.RemainingTime);
        try
        {
            var response = await handler.HandleAsync(context, deadline.Token);
            await runtime.RespondAsync(invocation.RequestId, response, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"invocation {invocation.RequestId} failed: {e}");
            await runtime.ReportErrorAsync(invocation.RequestId, LambdaError.From(e), cancellationToken);
        }
    }
}
