using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ogiri.Serving;

/// <summary>Where the host listens. Locally 127.0.0.1; the container passes 0.0.0.0:8080 because SageMaker connects from outside.</summary>
public sealed record ListenAddress(string Host = "127.0.0.1", int Port = 8080)
{
    public IPAddress Address => IPAddress.Parse(Host == "localhost" ? "127.0.0.1" : Host);
}

public sealed record InvocationResponse(
    [property: JsonPropertyName("captions")] IReadOnlyList<string> Captions,
    [property: JsonPropertyName("model")] string Model);

public sealed record ErrorResponse([property: JsonPropertyName("error")] string Error);

/// <summary>
/// The inference server: <c>GET /ping</c> (200 once a model is loaded, 503 before), <c>POST /invocations</c>,
/// and <c>GET /</c>, a page to try the model in a browser. Accepts connections at once, whatever the model's state.
/// </summary>
public static class ServingHost
{
    public static WebApplication Build(ListenAddress listen, IModelSource models, ServingOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Kestrel reads up to the drain bound; the 6 MB limit is the endpoint's, so it can answer 413 after draining.
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes, options.MaxDrainBytes);
            k.AddServerHeader = false;
            k.Listen(listen.Address, listen.Port);
        });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(models);
        var app = builder.Build();
        var parser = new InvocationParser(options);
        var page = LoadPage();

        app.MapGet("/ping", () => models.Acquire() is { } lease
            ? Ok(lease, l => Results.Json(new { status = "ok", model = l.Model.Version }))
            : Results.Json(new ErrorResponse("no model is loaded yet"), statusCode: 503));

        app.MapPost("/invocations", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            byte[]? body;
            try
            {
                body = await ReadBodyAsync(http.Request, options, cancellationToken);
            }
            catch (BadHttpRequestException e)
            {
                if (e.StatusCode == 413) return TooLarge(http, options);
                return Results.Json(new ErrorResponse($"the request body could not be read: {e.Message}"), statusCode: e.StatusCode);
            }
            if (body is null) return TooLarge(http, options);
            CaptionRequest request;
            try
            {
                request = parser.Parse(http.Request.ContentType, body);
            }
            catch (InvocationException e)
            {
                return Results.Json(new ErrorResponse(e.Message), statusCode: e.Status);
            }
            using var lease = models.Acquire();
            if (lease is null) return Results.Json(new ErrorResponse("no model is loaded yet; retry shortly"), statusCode: 503);
            var captions = await lease.Model.CaptionAsync(request, cancellationToken);
            return Results.Json(new InvocationResponse(captions, lease.Model.Version));
        });

        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        return app;
    }

    private static IResult Ok(ModelLease lease, Func<ModelLease, IResult> result)
    {
        using (lease) return result(lease);
    }

    /// <summary>The body, or null when it is over the limit (then read to its end, up to the drain bound, and dropped).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, ServingOptions options, CancellationToken cancellationToken)
    {
        // Too big even to drain: answer at once (the connection closes under a client still writing).
        if (request.ContentLength > options.MaxDrainBytes) throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total <= options.MaxBodyBytes) buffer.Write(chunk, 0, read);
        }
        return total > options.MaxBodyBytes ? null : buffer.ToArray();
    }

    private static IResult TooLarge(HttpContext http, ServingOptions options)
    {
        http.Response.Headers.Connection = "close";
        return Results.Json(new ErrorResponse($"the request body is larger than {options.MaxBodyBytes} bytes"), statusCode: 413);
    }

    private static string LoadPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ogiri.Serving.index.html")
            ?? throw new InvalidOperationException("the page resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
