using System.Net;
using System.Net.Http.Headers;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Fetching;

/// <summary>How <see cref="SafeHttpImageSource"/> fetches.</summary>
/// <param name="AllowPrivateNetwork">Allow loopback, private, link-local and other non-public addresses (local testing only).</param>
/// <param name="ConnectTimeout">Resolving the host and opening the connection; default 5 s.</param>
/// <param name="DownloadTimeout">The whole fetch, every redirect hop and the body included; default 30 s.</param>
/// <param name="RefusalHint">Appended to an address refusal: how the user can allow such addresses where they run.</param>
public sealed record HttpFetchOptions(
    bool AllowPrivateNetwork = false,
    TimeSpan? ConnectTimeout = null,
    TimeSpan? DownloadTimeout = null,
    int MaxRedirects = 5,
    string RefusalHint = "pass --allow-private-network to allow it")
{
    public TimeSpan Connect => ConnectTimeout ?? TimeSpan.FromSeconds(5);
    public TimeSpan Download => DownloadTimeout ?? TimeSpan.FromSeconds(30);
}

/// <summary>
/// Fetches http(s) image URLs without letting a CSV reach the machine's own network. Every host is checked
/// before any connection: literal addresses up front, names after resolution inside the connect callback,
/// which then connects to the very address it checked (so a second DNS answer cannot swap it). Redirects
/// are followed by hand, each hop checked again. Sizes and times are bounded.
/// </summary>
public sealed class SafeHttpImageSource : IImageSource, IDisposable
{
    private static readonly HashSet<int> RedirectStatuses = [301, 302, 303, 307, 308];

    private readonly HttpFetchOptions options;
    private readonly IHostResolver resolver;
    private readonly ITcpConnector connector;
    private readonly HttpClient client;

    public SafeHttpImageSource(HttpFetchOptions options, IHostResolver? resolver = null, ITcpConnector? connector = null)
    {
        this.options = options;
        this.resolver = resolver ?? new DnsHostResolver();
        this.connector = connector ?? new SocketTcpConnector();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would make the callback connect to the proxy, not to the checked address.
            UseProxy = false,
            ConnectTimeout = options.Connect,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ogiri", "1.0"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
    }

    public bool Supports(ImageReferenceKind kind) => kind == ImageReferenceKind.Http;

    public async Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Download);
        try
        {
            return await FetchFollowingRedirectsAsync(reference.HttpUri, maxBytes, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(reference, deadline.IsCancellationRequested, e);
        }
        catch (HttpRequestException e) when (e.InnerException is ImageRejectedException rejected)
        {
            throw new ImageRejectedException(rejected.Message, e);
        }
        catch (HttpRequestException e) when (e.InnerException is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(reference, deadline.IsCancellationRequested, e);
        }
        catch (HttpRequestException e)
        {
            throw new ImageRejectedException($"image_url {reference.HttpUri} could not be fetched: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ImageRejectedException($"image_url {reference.HttpUri}: the connection broke while downloading ({e.Message})", e);
        }
    }

    private async Task<byte[]> FetchFollowingRedirectsAsync(Uri start, long maxBytes, CancellationToken cancellationToken)
    {
        var uri = start;
        for (var hop = 0; ; hop++)
        {
            CheckBeforeConnecting(uri);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (RedirectStatuses.Contains(status))
            {
                if (hop >= options.MaxRedirects)
                    throw new ImageRejectedException($"image_url {start} redirects more than {options.MaxRedirects} time{(options.MaxRedirects == 1 ? "" : "s")}");
                var location = response.Headers.Location
                    ?? throw new ImageRejectedException($"image_url {uri} answered HTTP {status} without a Location header");
                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                continue;
            }
            if (status is < 200 or > 299)
                throw new ImageRejectedException($"image_url {uri} answered HTTP {status} ({response.ReasonPhrase})");
            return await ReadLimitedAsync(response, uri, maxBytes, cancellationToken);
        }
    }

    /// <summary>The scheme of every hop, and hosts that are addresses or obviously local, before any DNS or socket.</summary>
    private void CheckBeforeConnecting(Uri uri)
    {
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https"))
            throw new ImageRejectedException(
                $"image_url {uri} uses scheme '{(uri.IsAbsoluteUri ? uri.Scheme : "")}'; only http and https are fetched");
        if (options.AllowPrivateNetwork) return;
        var host = uri.IdnHost;
        if (ParseLiteral(host) is { } literal) Refuse(uri.Host, literal, resolvedFrom: null);
        if (IsLocalhostName(host))
            throw new ImageRejectedException($"image_url host {uri.Host} is a loopback address; {options.RefusalHint}");
    }

    /// <summary>
    /// An address literal, also with the trailing dot of a fully qualified name (<c>127.0.0.1.</c>), which a
    /// resolver reads as the same address.
    /// </summary>
    private static IPAddress? ParseLiteral(string host)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var address)) return address;
        return bare.EndsWith('.') && IPAddress.TryParse(bare.TrimEnd('.'), out address) ? address : null;
    }

    private static bool IsLocalhostName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Resolves, checks every address, then connects to a checked address itself.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var literal = ParseLiteral(host);
        var addresses = literal is not null ? [literal]
            // RFC 6761: localhost names are loopback, whatever a resolver (or a missing /etc/hosts) says.
            : IsLocalhostName(host) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : await resolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new ImageRejectedException($"image_url host {host} has no address");
        if (!options.AllowPrivateNetwork)
        {
            foreach (var address in addresses) Refuse(host, address, resolvedFrom: literal is null ? host : null);
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await connector.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                last = e;
            }
        }
        throw new ImageRejectedException($"image_url host {host} refused the connection ({last?.Message})", last!);
    }

    private void Refuse(string host, IPAddress address, string? resolvedFrom)
    {
        if (NetworkAddressPolicy.NonPublicKind(address) is not { } kind) return;
        var what = resolvedFrom is null ? $"image_url host {host} is {kind}" : $"image_url host {resolvedFrom} resolves to {address}, {kind}";
        throw new ImageRejectedException($"{what}; {options.RefusalHint}");
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
            throw new ImageRejectedException($"image_url {uri} is {declared} bytes; the limit is {maxBytes}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await BoundedRead.ReadAsync(body, declared, maxBytes, $"image_url {uri}", cancellationToken);
    }

    /// <summary>The whole download ran out of time, or (when the deadline had not passed) the handler's connect timeout fired.</summary>
    private ImageRejectedException TimedOut(ImageReference reference, bool downloadDeadlinePassed, Exception e) =>
        downloadDeadlinePassed
            ? new ImageRejectedException($"image_url {reference.HttpUri} took longer than {Seconds(options.Download)} to download", e)
            : new ImageRejectedException($"image_url {reference.HttpUri}: connecting took longer than {Seconds(options.Connect)}", e);

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    public void Dispose() => client.Dispose();
}
