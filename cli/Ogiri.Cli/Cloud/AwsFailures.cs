using Amazon.Runtime;
using Amazon.S3;
using Ogiri.Cli.Commands;

namespace Ogiri.Cli.Cloud;

/// <summary>What AWS answered, in one line on stderr instead of a stack trace; a bucket that does not exist is the user's mistake (exit 2).</summary>
public static class AwsFailures
{
    public static async Task<int> OneLineAsync(ConsoleIo io, UploadRequest request, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            var which = request.Bucket is { } bucket ? $"bucket '{bucket}'" : $"the bucket of stack '{request.Stack}'";
            await io.Error.WriteLineAsync($"ogiri: {which} does not exist{(request.Region is null ? "" : $" in {request.Region}")} "
                + "(pulumi stack output BucketName shows a stack's bucket; --stack reads it)");
            return ExitCodes.BadInput;
        }
        catch (AmazonServiceException e)
        {
            await io.Error.WriteLineAsync($"ogiri: AWS refused the request: {e.ErrorCode ?? e.StatusCode.ToString()}: {FirstLine(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            await io.Error.WriteLineAsync($"ogiri: could not reach AWS: {FirstLine(e.InnerException?.Message ?? e.Message)}");
            return ExitCodes.Failure;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
