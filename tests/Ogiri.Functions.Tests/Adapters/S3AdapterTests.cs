using System.Text;
using Ogiri.Aws.Storage;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Adapters;

[Collection(LocalAws.Name)]
public sealed class S3AdapterTests(S3rverFixture s3rver)
{
    [Fact]
    public async Task Objects_round_trip_byte_for_byte_and_missing_ones_read_as_null()
    {
        var bucket = await s3rver.NewBucketAsync();
        using var s3 = s3rver.Connection.CreateS3();
        var store = new S3ObjectStore(s3, bucket);
        var image = TestImages.Jpeg();

        await store.PutAsync("images/a.jpg", image, "image/jpeg", CancellationToken.None);
        await store.PutAsync("reports/日本語 a+b.csv.json", Encoding.UTF8.GetBytes("{\"x\":1}"), "application/json", CancellationToken.None);

        await using (var read = await store.OpenReadAsync("images/a.jpg", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(image, copy.ToArray());
        }
        await using (var read = await store.OpenReadAsync("reports/日本語 a+b.csv.json", CancellationToken.None))
        {
            Assert.Equal("{\"x\":1}", await new StreamReader(read!).ReadToEndAsync());
        }
        Assert.True(await store.ExistsAsync("images/a.jpg", CancellationToken.None));
        Assert.False(await store.ExistsAsync("images/b.jpg", CancellationToken.None));
        Assert.Null(await store.OpenReadAsync("images/b.jpg", CancellationToken.None));
    }

    [Fact]
    public async Task S3_image_references_are_fetched_with_limits_and_clear_reasons()
    {
        var bucket = await s3rver.NewBucketAsync();
        using var s3 = s3rver.Connection.CreateS3();
        var image = TestImages.Png();
        await new S3ObjectStore(s3, bucket).PutAsync("in/cat 1.png", image, "image/png", CancellationToken.None);
        var source = new S3ImageSource(s3);
        ImageReference Ref(string raw) => ImageReference.TryParse(raw, null, out _)!;

        Assert.Equal(image, await source.FetchAsync(Ref($"s3://{bucket}/in/cat 1.png"), 1 << 20, CancellationToken.None));
        // The key is used as written: "%20", "#" and "?" are characters of the key, not URI syntax.
        var other = TestImages.Png(SkiaSharp.SKColors.Blue);
        await new S3ObjectStore(s3, bucket).PutAsync("in/cat%201#a?b.png", other, "image/png", CancellationToken.None);
        Assert.Equal(other, await source.FetchAsync(Ref($"s3://{bucket}/in/cat%201#a?b.png"), 1 << 20, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ImageRejectedException>(() => source.FetchAsync(Ref($"s3://{bucket}/in/none.png"), 1 << 20, CancellationToken.None));
        Assert.Contains("no such object", missing.Message, StringComparison.Ordinal);
        var large = await Assert.ThrowsAsync<ImageRejectedException>(() => source.FetchAsync(Ref($"s3://{bucket}/in/cat 1.png"), 10, CancellationToken.None));
        Assert.Contains("the limit is 10", large.Message, StringComparison.Ordinal);
        Assert.False(source.Supports(ImageReferenceKind.Http));
    }
}
