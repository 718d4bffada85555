using System.Buffers.Binary;
using System.Text;
using Ogiri.Serving;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Serving.Tests;

public class InvocationParserTests
{
    private static readonly InvocationParser Parser = new(new ServingOptions(MaxBodyBytes: 200_000));
    private static readonly string Png64 = Convert.ToBase64String(TestImages.Png());

    private static InvocationException Refused(string? contentType, byte[] body) =>
        Assert.Throws<InvocationException>(() => Parser.Parse(contentType, body));

    private static InvocationException RefusedJson(string json) => Refused("application/json", Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("image/png", SKEncodedImageFormat.Png)]
    [InlineData("image/jpeg", SKEncodedImageFormat.Jpeg)]
    [InlineData("image/webp; charset=binary", SKEncodedImageFormat.Webp)]
    public void Raw_images_get_the_defaults(string contentType, SKEncodedImageFormat format)
    {
        var request = Parser.Parse(contentType, TestImages.Draw(format));
        Assert.Equal((3, 1.0, 0.95, (int?)null, 0), (request.Count, request.Temperature, request.TopP, request.Seed, request.Labels.Count));
    }

    [Fact]
    public void Json_carries_labels_text_and_sampling()
    {
        var request = Parser.Parse("application/json", Encoding.UTF8.GetBytes(
            $$"""{"image":"{{Png64}}","labels":[{"name":"Cat","confidence":97.5}],"text":"営業中","n":5,"temperature":1.2,"topP":0.7,"seed":42}"""));
        Assert.Equal("Cat", request.Labels.Single().Name);
        Assert.Equal(97.5, request.Labels.Single().Confidence);
        Assert.Equal(("営業中", 5, 1.2, 0.7, (int?)42), (request.Text, request.Count, request.Temperature, request.TopP, request.Seed));
    }

    [Theory]
    [InlineData("""{"image":"IMG","n":0}""", "field 'n' is 0; it must be from 1 to 10")]
    [InlineData("""{"image":"IMG","n":11}""", "field 'n' is 11; it must be from 1 to 10")]
    [InlineData("""{"image":"IMG","n":"3"}""", "field 'n' must be a whole number")]
    [InlineData("""{"image":"IMG","temperature":5}""", "field 'temperature' is 5; it must be from 0.05 to 2")]
    [InlineData("""{"image":"IMG","topP":0}""", "field 'topP' is 0; it must be from 0.05 to 1")]
    [InlineData("""{"image":"IMG","colour":"red"}""", "unknown field 'colour'")]
    [InlineData("""{"image":"IMG","labels":"cat"}""", "field 'labels' must be an array")]
    [InlineData("""{"image":"IMG","labels":[{"name":"Cat","confidence":150}]}""", "labels[0].confidence must be a number from 0 to 100")]
    [InlineData("""{"image":"IMG","labels":[{"confidence":50}]}""", "labels[0] needs a non-empty string 'name'")]
    [InlineData("""{"image":"IMG","text":7}""", "field 'text' must be a string")]
    [InlineData("""{"image":"%%%"}""", "field 'image' is not valid base64")]
    [InlineData("""{"labels":[]}""", "field 'image' is required")]
    [InlineData("""[1,2]""", "the JSON body must be an object")]
    [InlineData("""{"image":""", "the body is not valid JSON")]
    public void Bad_json_is_a_400_that_names_the_problem(string json, string expected)
    {
        var e = RefusedJson(json.Replace("IMG", Png64, StringComparison.Ordinal));
        Assert.Equal(400, e.Status);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_images_truncated_images_and_bombs_are_400()
    {
        var png = TestImages.Png(width: 200, height: 200);
        Assert.Contains("not an image", Refused("image/png", "hello"u8.ToArray()).Message, StringComparison.Ordinal);
        Assert.Equal("image is truncated", Refused("image/png", png[..(png.Length / 2)]).Message);
        var bomb = TestImages.Png(width: 1, height: 1);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 60_000);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(29), Crc32.Compute(bomb.AsSpan(12, 17)));
        var e = Refused("image/png", bomb);
        Assert.Equal(400, e.Status);
        Assert.Contains("claims 60000x60000 pixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_or_missing_content_type_is_415_and_an_empty_body_is_400()
    {
        Assert.Equal(415, Refused("text/plain", "x"u8.ToArray()).Status);
        Assert.Equal(415, Refused(null, "x"u8.ToArray()).Status);
        Assert.Equal(400, Refused("image/png", []).Status);
    }

    [Fact]
    public void Json_nested_too_deep_is_named_as_such_not_as_invalid()
    {
        var deep = $$"""{"image":"{{Png64}}","labels":[{"name":"x","confidence":{{new string('[', 9)}}1{{new string(']', 9)}}}]}""";
        var e = RefusedJson(deep);
        Assert.Equal(400, e.Status);
        Assert.Equal("the JSON body is nested deeper than 8 levels; the request needs at most 3", e.Message);
        Assert.StartsWith("the body is not valid JSON", RefusedJson("{\"image\": [1, }").Message, StringComparison.Ordinal);
    }
}
