using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Ogiri.Serving;

// Usage: serving-bench MODEL_FOLDER IMAGES_FOLDER [requests=200] [clients=8] [temperature topP (default: the endpoint's)]
// Starts the real serving host on 127.0.0.1 with the model, then measures requests for 3 answers:
// one client in sequence (latency p50/p99, throughput), then N clients at once (errors, throughput).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Ogiri.Serving.Bench MODEL_FOLDER IMAGES_FOLDER [requests] [clients]");
    return 2;
}
var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
double? temperature = args.Length > 5 ? double.Parse(args[4], CultureInfo.InvariantCulture) : null;
double? topP = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : null;
var images = Directory.GetFiles(args[1]).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).Take(50).Select(File.ReadAllBytes).ToArray();

using var slot = new ModelSlot();
slot.Replace(TrainedCaptionModel.Load(args[0], Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]))));
await using var app = ServingHost.Build(new ListenAddress("127.0.0.1", 0), slot, new ServingOptions());
await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
using var http = new HttpClient { BaseAddress = address };

var longest = 0;
async Task<(bool Ok, double Ms)> Ask(int i)
{
    var body = JsonSerializer.Serialize(new { image = Convert.ToBase64String(images[i % images.Length]), n = 3, seed = i, temperature, topP },
        new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
    var watch = Stopwatch.StartNew();
    using var response = await http.PostAsync("invocations", new StringContent(body, Encoding.UTF8, "application/json"));
    var ok = response.IsSuccessStatusCode;
    var text = await response.Content.ReadAsStringAsync();
    if (ok)
    {
        var answer = JsonSerializer.Deserialize<InvocationResponse>(text, JsonSerializerOptions.Web)!;
        ok = answer.Captions.Count == 3;
        foreach (var c in answer.Captions) longest = Math.Max(longest, c.Length);
    }
    // A failure says what came back, so that it can be reproduced (image and seed are fixed by the index).
    if (!ok) Console.Error.WriteLine($"request {i} (image {i % images.Length}, seed {i}): {(int)response.StatusCode} {text}");
    return (ok, watch.Elapsed.TotalMilliseconds);
}

for (var i = 0; i < 10; i++) await Ask(i); // warm-up
var single = new List<double>();
var total = Stopwatch.StartNew();
var singleErrors = 0;
for (var i = 0; i < requests; i++)
{
    var (ok, ms) = await Ask(i);
    single.Add(ms);
    if (!ok) singleErrors++;
}
var singleSeconds = total.Elapsed.TotalSeconds;
single.Sort();
double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
Console.WriteLine($"one client, {requests} requests for 3 answers: p50 {Percentile(single, 0.50):0.0} ms, p99 {Percentile(single, 0.99):0.0} ms, " +
    $"{requests / singleSeconds:0.0} requests/s, {singleErrors} errors");

var errors = 0;
var concurrent = new List<double>();
total.Restart();
await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
{
    for (var i = 0; i < requests; i++)
    {
        var (ok, ms) = await Ask(c * requests + i);
        lock (concurrent) concurrent.Add(ms);
        if (!ok) Interlocked.Increment(ref errors);
    }
}));
var concurrentSeconds = total.Elapsed.TotalSeconds;
concurrent.Sort();
Console.WriteLine($"{clients} clients x {requests} requests: {errors} errors, {clients * requests / concurrentSeconds:0.0} requests/s, " +
    $"p50 {Percentile(concurrent, 0.50):0.0} ms, p99 {Percentile(concurrent, 0.99):0.0} ms");
Console.WriteLine($"longest answer: {longest} characters");
await app.StopAsync();
return errors + singleErrors == 0 ? 0 : 1;
