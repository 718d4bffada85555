namespace Ogiri.Infra;

/// <summary>The exact command a user runs to start training on the stack (a stack output).</summary>
public static class UploadCommands
{
    public static string For(string bucket, string region) => $"./ogiri upload train.csv --bucket {bucket} --region {region} --wait";
}
