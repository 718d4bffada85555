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

public class ImageReferenceEdgeTests
{
    [Theory]
    [InlineData("s3://bucket/a/../b.png", "a/../b.png")]
    [InlineData("s3://bucket/a%20b.png", "a%20b.png")]
    [InlineData("s3://bucket/a b#frag?x=1.png", "a b#frag?x=1.png")]
    [InlineData("s3://my.bucket-1/画像/./ね こ.png", "画像/./ね こ.png")]
    [InlineData("s3://bucket//double", "/double")]
    public void An_s3_key_is_kept_byte_for_byte(string raw, string key)
    {
        var reference = ImageReference.TryParse(raw, null, out var reason);
        Assert.True(reference is not null, reason);
        Assert.Equal(key, reference.S3Key);
        Assert.Equal(raw[5..raw.IndexOf('/', 5)], reference.S3Bucket);
    }

    [Theory]
    [InlineData("s3://MyBucket/a.png", "may hold only lower-case letters, digits, '.' and '-'")]
    [InlineData("s3://ab/a.png", "must be 3 to 63 characters long")]
    [InlineData("s3://-bucket/a.png", "must start and end with a letter or digit")]
    [InlineData("s3://bucket/", "not an s3://bucket/key URI")]
    [InlineData("s3:/bucket/a.png", "not an s3://bucket/key URI")]
    public void A_bad_bucket_or_key_is_refused_not_rewritten(string raw, string expected)
    {
        Assert.Null(ImageReference.TryParse(raw, null, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_s3_key_over_1024_bytes_is_refused()
    {
        Assert.Null(ImageReference.TryParse("s3://bucket/" + new string('猫', 342), null, out var reason));
        Assert.Contains("the key is 1026 bytes; S3 keys are at most 1024", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("img/../../x.png")]
    [InlineData("/data-other/x.png")]
    public void A_path_out_of_the_csv_folder_is_refused_by_its_text_alone(string raw)
    {
        Assert.Null(ImageReference.TryParse(raw, "/data", out var reason));
        Assert.Equal($"image_url '{raw}' is outside the CSV's folder; local images must be in the CSV's folder or below it", reason);
    }

    [Fact]
    public void A_path_inside_the_folder_keeps_its_absolute_form_and_root()
    {
        var reference = ImageReference.TryParse("img/./a/../cat.png", "/data/", out var reason);
        Assert.True(reference is not null, reason);
        Assert.Equal(("/data/img/cat.png", "/data"), (reference.FilePath, reference.FileRoot));
    }

    [Theory]
    [InlineData("a\0.png", "control character U+0000 at character 2")]
    [InlineData("\0", "control character U+0000 at character 1")]
    [InlineData("https://example.com/\u0007.png", "control character U+0007 at character 21")]
    public void Control_characters_in_an_image_url_are_refused(string raw, string expected)
    {
        Assert.Null(ImageReference.TryParse(raw, "/data", out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_quotes_a_huge_field_cut_short()
    {
        var raw = "ftp://" + new string('x', 3_000_000);
        Assert.Null(ImageReference.TryParse("weird:" + raw, "/data", out _));
        Assert.Null(ImageReference.TryParse("https://[" + raw, "/data", out var reason));
        Assert.True(reason.Length < 200, reason.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("… (3000015 characters)", reason, StringComparison.Ordinal);
    }
}
