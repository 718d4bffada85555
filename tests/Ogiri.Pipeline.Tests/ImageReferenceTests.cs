using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Tests;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("https://example.com/a/1.jpg", ImageReferenceKind.Http)]
    [InlineData("HTTP://example.com/1.jpg", ImageReferenceKind.Http)]
    [InlineData("s3://bucket/images/1.jpg", ImageReferenceKind.S3)]
    [InlineData("images/cat.png", ImageReferenceKind.File)]
    public void Parses_each_kind(string raw, ImageReferenceKind kind)
    {
        var reference = ImageReference.TryParse(raw, "/data", out var reason);
        Assert.True(reference is not null, reason);
        Assert.Equal(kind, reference.Kind);
    }

    [Theory]
    [InlineData("ftp://example.com/1.jpg", "scheme 'ftp' is not supported")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not supported")]
    [InlineData("javascript:alert(1)", "scheme 'javascript' is not supported")]
    [InlineData("   ", "image_url is empty")]
    [InlineData("s3://bucket", "not an s3://bucket/key URI")]
    public void Refuses_what_cannot_be_fetched(string raw, string expected)
    {
        Assert.Null(ImageReference.TryParse(raw, "/data", out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_path_needs_a_csv_folder()
    {
        Assert.Null(ImageReference.TryParse("images/cat.png", null, out var reason));
        Assert.Contains("only http(s) and s3://", reason, StringComparison.Ordinal);
    }
}
