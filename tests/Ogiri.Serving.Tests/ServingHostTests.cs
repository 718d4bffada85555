using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ogiri.Serving;
using Ogiri.TestSupport;

namespace Ogiri.Serving.Tests;

/// <summary>The HTTP contract on a real Kestrel bound to 127.0.0.1.</summary>
public sealed class ServingHostTests
{
    private static async Task<(HttpStatusCode Status, string Error)> Post(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("invocations", content);
        return (response.StatusCode, await ErrorOf(response));
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString()!;
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    [Fact]
    public async Task Ping_is_503_until_a_model_is_loaded_and_invocations_say_so()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot);
        using var ping = await server.Client.GetAsync("ping");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ping.StatusCode);
        var (status, error) = await Post(server.Client, Body(TestImages.Png(), "image/png"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no model is loaded yet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_and_without_content_length()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot, new ServingOptions(MaxBodyBytes: 10_000));
        var big = new byte[12_000];
        using var sized = await Refused(server.Client, () => Body(big, "image/png"), chunked: false);
        Assert.Contains("larger than 10000 bytes", await ErrorOf(sized), StringComparison.Ordinal);

        using var chunked = await Refused(server.Client, () => new StreamContent(new MemoryStream(big)), chunked: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    [Fact]
    public async Task A_client_that_writes_its_whole_oversized_body_before_reading_still_reads_the_413()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        var body = new byte[7_000_000];
        var head = System.Text.Encoding.ASCII.GetBytes(
            $"POST /invocations HTTP/1.1\r\nHost: {server.Address.Authority}\r\nContent-Type: image/png\r\nContent-Length: {body.Length}\r\n\r\n");

        // As Python's urllib does: every byte written first, only then the answer read.
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("the request body is larger than 6000000 bytes", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Posts until the server's answer is read. The server answers 413 without reading the rest of the body and
    /// closes; on a loaded machine the client may still be writing then and sees a broken pipe instead of the
    /// answer, a race of the transport rather than of the server, so a few attempts are allowed.
    /// </summary>
    private static async Task<HttpResponseMessage> Refused(HttpClient client, Func<HttpContent> content, bool chunked)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "invocations") { Content = content() };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
            if (chunked) request.Headers.TransferEncodingChunked = true;
            try
            {
                var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                return response;
            }
            catch (HttpRequestException e) when (e.InnerException is IOException && attempt < 5)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }

    [Fact]
    public async Task Malformed_requests_are_4xx_json_never_5xx()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot);
        var cases = new (HttpContent Content, HttpStatusCode Expected)[]
        {
            (Body("not an image"u8.ToArray(), "image/png"), HttpStatusCode.BadRequest),
            (Body("{\"image\": 3}"u8.ToArray(), "application/json"), HttpStatusCode.BadRequest),
            (Body("{"u8.ToArray(), "application/json"), HttpStatusCode.BadRequest),
            (Body("x"u8.ToArray(), "text/plain"), HttpStatusCode.UnsupportedMediaType),
        };
        foreach (var (content, expected) in cases)
        {
            var (status, error) = await Post(server.Client, content);
            Assert.Equal(expected, status);
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public async Task The_page_is_served_at_the_root()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot);
        using var response = await server.Client.GetAsync("");
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("id=\"file\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
