using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ogiri.TestSupport;

/// <summary>What <see cref="LocalHttpServer"/> answers to one request.</summary>
/// <param name="Delay">Waited before the answer starts (a slow image host).</param>
/// <param name="SendContentLength">False: the body is delimited by closing the connection, so only counting can limit it.</param>
/// <param name="StallAfterHeaders">Send the headers and half the body, then go silent until the server stops.</param>
public sealed record HttpReply(
    int Status,
    byte[] Body,
    string ContentType = "application/octet-stream",
    string? Location = null,
    bool SendContentLength = true,
    TimeSpan Delay = default,
    bool StallAfterHeaders = false)
{
    public static HttpReply Image(byte[] body, string contentType = "image/png") => new(200, body, contentType);

    public static HttpReply Redirect(string location, int status = 302) => new(status, [], Location: location);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, answering GETs with a route function of the
/// request path; connections are kept alive when the answer has a Content-Length. Counts connections so
/// tests can prove that none was made. Also the image host of the ingestion benchmarks.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, HttpReply> route;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int connections;

    public LocalHttpServer(Func<string, HttpReply> route)
    {
        this.route = route;
        listener.Start(backlog: 512);
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        // Headers and body go out in two writes: without this, Nagle's algorithm holds the body back until
        // the client's delayed ACK of the headers (~40 ms on Linux), a stall no real image host has.
        client.NoDelay = true;
        try
        {
            var stream = client.GetStream();
            // Keep-alive: answer requests on this connection until the client closes it or an answer must end it.
            while (await ReadRequestPathAsync(stream, stop.Token) is { } path)
            {
                var reply = route(path);
                if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, stop.Token);
                var keepAlive = reply.SendContentLength && !reply.StallAfterHeaders;
                var head = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {Reason(reply.Status)}\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Type: {reply.ContentType}\r\n")
                    .Append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
                if (reply.SendContentLength) head.Append(CultureInfo.InvariantCulture, $"Content-Length: {reply.Body.Length}\r\n");
                if (reply.Location is not null) head.Append(CultureInfo.InvariantCulture, $"Location: {reply.Location}\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stop.Token);
                if (reply.StallAfterHeaders)
                {
                    await stream.WriteAsync(reply.Body.AsMemory(0, reply.Body.Length / 2), stop.Token);
                    await stream.FlushAsync(stop.Token);
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                await stream.WriteAsync(reply.Body, stop.Token);
                if (!keepAlive)
                {
                    client.Client.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
    }

    /// <summary>Reads up to the blank line that ends the headers; returns the request target.</summary>
    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>(1024);
        var buffer = new byte[1024];
        while (true)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken);
            if (n == 0) return null;
            received.AddRange(buffer.AsSpan(0, n));
            var text = Encoding.ASCII.GetString(received.ToArray());
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                return text.Split(' ', 3) is [_, var target, _] ? target : null;
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
