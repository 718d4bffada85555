using System.Text.Json.Nodes;
using Amazon.Runtime;
using Ogiri.Aws;
using Ogiri.Aws.Json;
using Ogiri.Aws.Rekognition;
using Ogiri.Functions.Tests.Servers;

namespace Ogiri.Functions.Tests.Signing;

/// <summary>The JSON-protocol client against a fake that checks signatures with the official signer and bodies with the model.</summary>
[Collection(LocalAws.Name)]
public sealed class AwsJsonClientTests(OracleFixture oracle)
{
    private static AwsConnection Connection(Uri endpoint, AWSCredentials? credentials = null) =>
        new(S3rverFixture.Region, credentials ?? S3rverFixture.Credentials) { RekognitionEndpoint = endpoint, SageMakerEndpoint = endpoint };

    [Fact]
    public async Task A_request_is_signed_as_the_official_signer_signs_it_and_its_answer_is_parsed()
    {
        await using var fake = await FakeAwsService.StartAsync(oracle, _ => FakeAnswer.Ok(JsonNode.Parse(
            """{"Labels":[{"Name":"Cat","Confidence":98.5,"Instances":[],"Parents":[{"Name":"Animal"}]}],"LabelModelVersion":"3.0"}""")));
        using var client = Connection(fake.Endpoint).CreateJsonClient(AwsJsonService.Rekognition);

        var answer = await new RekognitionApi(client).DetectLabelsAsync(
            new DetectLabelsRequest(new RekognitionImage(new S3ObjectRef("bucket", "images/a b+c.jpg")), 10), CancellationToken.None);

        Assert.Empty(fake.Violations);
        var label = Assert.Single(answer.Labels!);
        Assert.Equal(("Cat", 98.5), (label.Name, label.Confidence));
        var call = Assert.Single(fake.Calls);
        Assert.Equal("DetectLabels", call.Operation);
        Assert.Equal(10, call.Body["MaxLabels"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_secret_is_caught_by_the_signature_check()
    {
        await using var fake = await FakeAwsService.StartAsync(oracle, _ => FakeAnswer.Ok());
        using var client = Connection(fake.Endpoint, new BasicAWSCredentials("S3RVER", "not-the-secret")).CreateJsonClient(AwsJsonService.Rekognition);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionApi(client).DetectTextAsync(
            new DetectTextRequest(new RekognitionImage(new S3ObjectRef("b", "k"))), CancellationToken.None));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Contains("signature differs", Assert.Single(fake.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_the_model_refuses_is_caught()
    {
        await using var fake = await FakeAwsService.StartAsync(oracle, _ => FakeAnswer.Ok());
        using var client = Connection(fake.Endpoint).CreateJsonClient(AwsJsonService.SageMaker);

        await Assert.ThrowsAsync<AwsServiceException>(() => client.SendAsync<object, JsonObject>(
            "DescribeEndpoint", new { EndpointName = 3, Extra = "x" }, CancellationToken.None));

        var violation = Assert.Single(fake.Violations);
        Assert.Contains("Unexpected key 'Extra'", violation, StringComparison.Ordinal);
        Assert.Contains("EndpointName to be a string", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_is_retried_and_other_errors_are_not()
    {
        var calls = 0;
        await using var fake = await FakeAwsService.StartAsync(oracle, call => Interlocked.Increment(ref calls) <= 2
            ? FakeAnswer.Error("ThrottlingException", "Rate exceeded")
            : call.Operation == "DescribeEndpoint"
                ? FakeAnswer.Error("ValidationException", "Could not find endpoint \"x\".")
                : FakeAnswer.Ok());
        using var client = Connection(fake.Endpoint).CreateJsonClient(AwsJsonService.SageMaker);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.SendAsync<object, JsonObject>(
            "DescribeEndpoint", new { EndpointName = "x" }, CancellationToken.None));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Equal(3, calls);
        Assert.Empty(fake.Violations);
    }
}
