using Amazon;
using Amazon.Runtime.Signing;

namespace Ogiri.Aws.Json;

/// <summary>An HttpClient whose every request is signed with SigV4 by AWSSDK.Core's public signer.</summary>
internal static class SignedHttp
{
    public static HttpClient Create(AwsConnection connection, string signingName, HttpMessageHandler? transport = null)
    {
        // Redirects must not be followed below the signer: a followed hop would go out unsigned.
        transport ??= new SocketsHttpHandler { AllowAutoRedirect = false };
        var signer = new SigV4SigningHandler(connection.Credentials, RegionEndpoint.GetBySystemName(connection.Region), signingName, transport);
        return new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
