namespace Ogiri.Cli;

/// <summary>
/// The local installation's folder: <c>bucket/</c> (the S3 key layout), <c>ogiri.db</c> (the table),
/// <c>models/</c> (trained versions), <c>features/</c> (cached image features). Defaults to <c>$OGIRI_HOME</c>, else a per-user data folder.
/// </summary>
public sealed record OgiriHome(string Root)
{
    public string Bucket => Path.Combine(Root, "bucket");
    public string Database => Path.Combine(Root, "ogiri.db");
    public string Models => Path.Combine(Root, "models");
    /// <summary>Training checkpoints per job, so an interrupted local training resumes.</summary>
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    /// <summary>The pretrained image encoder's features by image key, shared by every job (images never change under their key).</summary>
    public string Features => Path.Combine(Root, "features");

    public static OgiriHome Resolve(string? option)
    {
        var root = option
            ?? Environment.GetEnvironmentVariable("OGIRI_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ogiri");
        return new OgiriHome(Path.GetFullPath(root));
    }
}
