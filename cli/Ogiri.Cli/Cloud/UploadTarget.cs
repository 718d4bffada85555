using Ogiri.Cli.Commands;

namespace Ogiri.Cli.Cloud;

/// <summary>Where an upload goes: <c>--bucket</c> as given, or the bucket and region of <c>--stack</c>.</summary>
public static class UploadTarget
{
    /// <exception cref="InvalidOperationException">Neither or both given, or the stack could not be read.</exception>
    public static async Task<StackOutputs> ResolveAsync(UploadRequest request, IStackOutputs stacks, CancellationToken cancellationToken) =>
        (request.Bucket, request.Stack) switch
        {
            ({ } bucket, null) => new StackOutputs(bucket, null),
            (null, { } stack) => await stacks.ReadAsync(stack, cancellationToken),
            (null, null) => throw new InvalidOperationException("give --stack NAME (the Pulumi stack) or --bucket NAME"),
            _ => throw new InvalidOperationException("give --stack or --bucket, not both"),
        };
}
