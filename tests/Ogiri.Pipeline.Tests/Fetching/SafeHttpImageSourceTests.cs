using System.Net;
using Ogiri.Pipeline.Fetching;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;

namespace Ogiri.Pipeline.Tests.Fetching;

/// <summary>The safe fetcher against a real HTTP server on 127.0.0.1; no traffic goes anywhere else.</summary>
public sealed class SafeHttpImageSourceTests : IAsyncDisposable
{
    private const long Limit = 1_000_000;
    // A public address the made-up DNS hands out; the connector routes it to the local server.
    private static readonly IPAddress PublicStandIn = IPAddress.Parse("203.0.114.10");

    private readonly byte[] png = TestImages.Png();
    private readonly LocalHttpServer server;

    public SafeHttpImageSourceTests()
    {
        server = new LocalHttpServer(Route);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private HttpReply Route(string path) => path switch
    {
        "/a.png" => HttpReply.Image(png),
        "/missing.png" => new HttpReply(404, "no"u8.ToArray(), "text/plain"),
        "/big" => new HttpReply(200, new byte[4096]),
        "/big-unannounced" => new HttpReply(200, new byte[4096], SendContentLength: false),
        "/stall" => new HttpReply(200, png, "image/png", StallAfterHeaders: true),
        "/to-private" => HttpReply.Redirect("http://10.0.0.5/a.png"),
        "/to-internal-name" => HttpReply.Redirect("http://internal.example.test/a.png"),
        "/to-ftp" => HttpReply.Redirect("ftp://images.example.test/a.png"),
        "/to-file" => HttpReply.Redirect("file:///etc/passwd"),
        "/no-location" => new HttpReply(302, []),
        "/error" => new HttpReply(500, "oops"u8.ToArray(), "text/plain"),
        "/empty" => new HttpReply(204, []),
        "/slow" => new HttpReply(200, png, "image/png", Delay: TimeSpan.FromSeconds(30)),
        _ when path.StartsWith("/hop/", StringComparison.Ordinal) => Hop(int.Parse(path[5..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => new HttpReply(404, []),
    };

    // /hop/N redirects N more times (relative Location), then serves the image.
    private HttpReply Hop(int remaining) => remaining == 0 ? HttpReply.Image(png) : HttpReply.Redirect($"/hop/{remaining - 1}");

    private static ImageReference Ref(string url) => new(url, ImageReferenceKind.Http, new Uri(url));

    private static async Task<string> Refusal(SafeHttpImageSource source, string url, long limit = Limit) =>
        (await Assert.ThrowsAsync<ImageRejectedException>(() => source.FetchAsync(Ref(url), limit, CancellationToken.None))).Message;

    private static SafeHttpImageSource Allowing(HttpFetchOptions? options = null) =>
        new((options ?? new HttpFetchOptions()) with { AllowPrivateNetwork = true });

    /// <summary>A fetcher that sees images.example.test as a public host (really the local server) and other names as given.</summary>
    private (SafeHttpImageSource Source, FakeResolver Dns, RecordingConnector Net) PublicHost(Dictionary<string, IPAddress[]>? more = null)
    {
        var names = new Dictionary<string, IPAddress[]> { ["images.example.test"] = [PublicStandIn] };
        foreach (var (name, addresses) in more ?? []) names[name] = addresses;
        var dns = new FakeResolver(names);
        var net = new RecordingConnector(new Dictionary<IPAddress, int> { [PublicStandIn] = server.Port });
        return (new SafeHttpImageSource(new HttpFetchOptions(), dns, net), dns, net);
    }

    private string OnPublicHost(string path) => $"http://images.example.test:{server.Port}{path}";

    [Fact]
    public async Task Fetches_from_a_local_server_when_the_private_network_is_allowed()
    {
        using var source = Allowing();
        Assert.Equal(png, await source.FetchAsync(Ref(server.Url("/a.png")), Limit, CancellationToken.None));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Fetches_from_a_public_host_without_any_allowance()
    {
        var (source, dns, net) = PublicHost();
        using var _ = source;
        Assert.Equal(png, await source.FetchAsync(Ref(OnPublicHost("/a.png")), Limit, CancellationToken.None));
        Assert.Equal(["images.example.test"], dns.Lookups);
        // The connection goes to the address that was checked, not to a second lookup's answer.
        Assert.Equal([new IPEndPoint(PublicStandIn, server.Port)], net.Attempts);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("images.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("[0:0:0:0:0:0:0:1]")]
    [InlineData("[2002:7f00:1::]")]
    [InlineData("127.0.0.1.")]
    [InlineData("127.1.")]
    [InlineData("2130706433.")]
    public async Task Refuses_every_spelling_of_loopback_before_connecting(string host)
    {
        var dns = new FakeResolver([]);
        var net = new RecordingConnector();
        using var source = new SafeHttpImageSource(new HttpFetchOptions(), dns, net);
        var reason = await Refusal(source, $"http://{host}:{server.Port}/a.png");
        Assert.Contains("is a loopback address; pass --allow-private-network to allow it", reason, StringComparison.Ordinal);
        Assert.Empty(dns.Lookups);
        Assert.Empty(net.Attempts);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("http://10.0.0.5/a.png", "image_url host 10.0.0.5 is a private address; pass --allow-private-network to allow it")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "image_url host 169.254.169.254 is a link-local address")]
    [InlineData("http://0/a.png", "image_url host 0.0.0.0 is an unspecified")]
    [InlineData("http://[fd00::1]/a.png", "image_url host [fd00::1] is a private (unique local) address")]
    [InlineData("https://[::ffff:192.168.0.1]/a.png", "is a private address")]
    [InlineData("http://100.64.0.1/a.png", "is a shared (carrier-grade NAT) address")]
    [InlineData("http://224.0.0.1/a.png", "is a multicast address")]
    [InlineData("http://[ff02::1]/a.png", "is a multicast address")]
    [InlineData("http://172.16.3.4/a.png", "is a private address")]
    [InlineData("http://192.168.1.1/a.png", "is a private address")]
    [InlineData("http://[fe80::1]/a.png", "is a link-local address")]
    [InlineData("http://[::]/a.png", "is an unspecified address")]
    [InlineData("http://255.255.255.255/a.png", "is the broadcast address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/a.png", "is a link-local address")]
    public async Task Refuses_literal_non_public_addresses_before_connecting(string url, string expected)
    {
        var net = new RecordingConnector();
        using var source = new SafeHttpImageSource(new HttpFetchOptions(), new FakeResolver([]), net);
        Assert.Contains(expected, await Refusal(source, url), StringComparison.Ordinal);
        Assert.Empty(net.Attempts);
    }

    [Theory]
    [InlineData("10.0.0.1", "a private address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::ffff:10.0.0.1", "a private address")]
    [InlineData("127.0.0.1", "a loopback address")]
    public async Task Refuses_a_name_that_resolves_to_a_non_public_address_without_connecting(string address, string kind)
    {
        var dns = new FakeResolver(new() { ["cdn.example.test"] = [IPAddress.Parse(address)] });
        var net = new RecordingConnector();
        using var source = new SafeHttpImageSource(new HttpFetchOptions(), dns, net);
        var reason = await Refusal(source, $"http://cdn.example.test:{server.Port}/a.png");
        Assert.Equal($"image_url host cdn.example.test resolves to {address}, {kind}; pass --allow-private-network to allow it", reason);
        Assert.Equal(["cdn.example.test"], dns.Lookups);
        Assert.Empty(net.Attempts);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Refuses_a_name_with_one_private_address_among_public_ones()
    {
        var dns = new FakeResolver(new() { ["mixed.example.test"] = [PublicStandIn, IPAddress.Parse("192.168.1.10")] });
        var net = new RecordingConnector(new() { [PublicStandIn] = server.Port });
        using var source = new SafeHttpImageSource(new HttpFetchOptions(), dns, net);
        Assert.Contains("resolves to 192.168.1.10, a private address", await Refusal(source, $"http://mixed.example.test:{server.Port}/a.png"), StringComparison.Ordinal);
        Assert.Empty(net.Attempts);
    }

    [Fact]
    public async Task Refuses_a_redirect_from_a_public_host_to_a_private_address()
    {
        var (source, _, net) = PublicHost();
        using var _ = source;
        Assert.Equal("image_url host 10.0.0.5 is a private address; pass --allow-private-network to allow it",
            await Refusal(source, OnPublicHost("/to-private")));
        Assert.Single(net.Attempts);
    }

    [Fact]
    public async Task Refuses_a_redirect_to_a_name_that_resolves_privately_without_connecting_to_it()
    {
        var (source, dns, net) = PublicHost(new() { ["internal.example.test"] = [IPAddress.Parse("10.1.2.3")] });
        using var _ = source;
        Assert.Contains("internal.example.test resolves to 10.1.2.3, a private address", await Refusal(source, OnPublicHost("/to-internal-name")), StringComparison.Ordinal);
        Assert.Equal(["images.example.test", "internal.example.test"], dns.Lookups);
        Assert.Equal([new IPEndPoint(PublicStandIn, server.Port)], net.Attempts);
    }

    [Fact]
    public async Task Follows_five_redirects_and_refuses_a_sixth()
    {
        using var source = Allowing();
        Assert.Equal(png, await source.FetchAsync(Ref(server.Url("/hop/5")), Limit, CancellationToken.None));
        Assert.Equal($"image_url {server.Url("/hop/6")} redirects more than 5 times", await Refusal(source, server.Url("/hop/6")));
    }

    [Fact]
    public async Task Refuses_other_schemes_up_front_and_on_a_redirect()
    {
        using var source = Allowing();
        Assert.Equal("image_url ftp://127.0.0.1/a.png uses scheme 'ftp'; only http and https are fetched",
            await Refusal(source, "ftp://127.0.0.1/a.png"));
        Assert.Equal("image_url ftp://images.example.test/a.png uses scheme 'ftp'; only http and https are fetched",
            await Refusal(source, server.Url("/to-ftp")));
    }

    [Fact]
    public async Task Refuses_a_non_2xx_answer_with_its_status()
    {
        using var source = Allowing();
        Assert.Equal($"image_url {server.Url("/missing.png")} answered HTTP 404 (Not Found)", await Refusal(source, server.Url("/missing.png")));
    }

    [Fact]
    public async Task Refuses_a_body_over_the_limit_by_its_content_length_and_by_counting()
    {
        using var source = Allowing();
        Assert.Equal($"image_url {server.Url("/big")} is 4096 bytes; the limit is 1000", await Refusal(source, server.Url("/big"), 1000));
        Assert.Equal($"image_url {server.Url("/big-unannounced")} is more than 1000 bytes; the limit is 1000",
            await Refusal(source, server.Url("/big-unannounced"), 1000));
        Assert.Equal(4096, (await source.FetchAsync(Ref(server.Url("/big-unannounced")), 4096, CancellationToken.None)).Length);
    }

    [Fact]
    public async Task Gives_up_on_a_server_that_stalls_mid_download()
    {
        using var source = Allowing(new HttpFetchOptions(DownloadTimeout: TimeSpan.FromSeconds(1)));
        Assert.Equal($"image_url {server.Url("/stall")} took longer than 1 s to download", await Refusal(source, server.Url("/stall")));
    }

    [Fact]
    public async Task Gives_up_on_a_connection_that_takes_longer_than_the_connect_timeout()
    {
        var dns = new FakeResolver(new() { ["slow.example.test"] = [PublicStandIn] }, delay: TimeSpan.FromSeconds(10));
        var net = new RecordingConnector(new() { [PublicStandIn] = server.Port });
        using var source = new SafeHttpImageSource(new HttpFetchOptions(ConnectTimeout: TimeSpan.FromMilliseconds(500)), dns, net);
        var url = $"http://slow.example.test:{server.Port}/a.png";
        Assert.Equal($"image_url {url}: connecting took longer than 0.5 s", await Refusal(source, url));
        Assert.Empty(net.Attempts);
    }

    [Fact]
    public async Task Refuses_a_redirect_to_a_file_url_and_a_redirect_without_a_location()
    {
        using var source = Allowing();
        Assert.Equal("image_url file:///etc/passwd uses scheme 'file'; only http and https are fetched",
            await Refusal(source, server.Url("/to-file")));
        Assert.Equal($"image_url {server.Url("/no-location")} answered HTTP 302 without a Location header",
            await Refusal(source, server.Url("/no-location")));
    }

    [Fact]
    public async Task The_redirect_limit_is_configurable()
    {
        using var source = Allowing(new HttpFetchOptions(MaxRedirects: 1));
        Assert.Equal(png, await source.FetchAsync(Ref(server.Url("/hop/1")), Limit, CancellationToken.None));
        Assert.Equal($"image_url {server.Url("/hop/2")} redirects more than 1 time", await Refusal(source, server.Url("/hop/2")));
    }

    [Fact]
    public async Task Refuses_a_server_error_and_passes_an_empty_2xx_body_on_to_the_inspector()
    {
        using var source = Allowing();
        Assert.Equal($"image_url {server.Url("/error")} answered HTTP 500 (Internal Server Error)", await Refusal(source, server.Url("/error")));
        Assert.Empty(await source.FetchAsync(Ref(server.Url("/empty")), Limit, CancellationToken.None));
    }

    [Fact]
    public async Task Gives_up_on_a_server_that_never_answers()
    {
        using var source = Allowing(new HttpFetchOptions(DownloadTimeout: TimeSpan.FromMilliseconds(500)));
        var started = TimeProvider.System.GetTimestamp();
        Assert.Equal($"image_url {server.Url("/slow")} took longer than 0.5 s to download", await Refusal(source, server.Url("/slow")));
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_rejection()
    {
        using var source = Allowing();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.FetchAsync(Ref(server.Url("/slow")), Limit, cancel.Token));
    }

    [Fact]
    public async Task Reports_a_name_that_does_not_resolve()
    {
        using var source = new SafeHttpImageSource(new HttpFetchOptions(), new NoSuchHostResolver(), new RecordingConnector());
        Assert.StartsWith("image_url http://nowhere.example.test/a.png could not be fetched: ",
            await Refusal(source, "http://nowhere.example.test/a.png"), StringComparison.Ordinal);
    }

    private sealed class NoSuchHostResolver : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
    }
}
