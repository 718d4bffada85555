using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Ogiri.Contracts;

namespace Ogiri.Aws;

/// <summary>
/// Sign-in for commands a person runs, resolved as the aws CLI resolves it: <c>--profile</c>, else AWS_PROFILE
/// (or the default chain: environment keys, the default profile, container and instance roles); the region from
/// <c>--region</c>, AWS_REGION, AWS_DEFAULT_REGION, then the profile's <c>region</c>. Profiles may hold keys,
/// assume a role (<c>role_arn</c> + <c>source_profile</c>) or sign in with IAM Identity Center (<c>sso_*</c>);
/// AWSSDK.Core loads the STS and SSO clients for those by assembly name, so the CLI ships them.
/// </summary>
public static class AwsSignIn
{
    public const string ProfileVariable = "AWS_PROFILE";

    /// <summary>
    /// The connection for <paramref name="profile"/> (or AWS_PROFILE) and <paramref name="region"/>, signed in now (an
    /// assume-role profile calls STS, an SSO profile the portal) so a missing login is told before any work; given
    /// credentials win.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such profile, no region anywhere, no credentials, no SSO login: the message says what to do.</exception>
    public static async Task<AwsConnection> ConnectAsync(Func<string, string?> environment, string? profile, string? region,
        AWSCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        var name = profile ?? NonEmpty(environment(ProfileVariable));
        var store = new CredentialProfileStoreChain();
        CredentialProfile? found = null;
        if (name is not null && !store.TryGetProfile(name, out found))
            throw new InvalidOperationException($"no AWS profile '{name}' in the AWS config or credentials file (aws configure list-profiles shows them)");
        if (name is null) store.TryGetProfile("default", out found);

        region ??= NonEmpty(environment(FunctionEnvironment.Region)) ?? NonEmpty(environment("AWS_DEFAULT_REGION")) ?? found?.Region?.SystemName
            ?? throw new InvalidOperationException(
                $"no AWS region: give --region, set {FunctionEnvironment.Region}, or set region in the profile (aws configure set region REGION{(name is null ? "" : $" --profile {name}")})");
        var sso = found?.Options is { } options && (options.SsoSession is not null || options.SsoStartUrl is not null);
        try
        {
            // An explicit --profile wins over keys in the environment, as with the aws CLI; AWS_PROFILE does not.
            credentials ??= profile is not null && found is not null
                ? found.GetAWSCredentials(store)
                : DefaultAWSCredentialsIdentityResolver.GetCredentials();
            cancellationToken.ThrowIfCancellationRequested();
            await credentials.GetCredentialsAsync();
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or ArgumentException or InvalidOperationException)
        {
            var which = name is null ? "" : $" --profile {name}";
            throw new InvalidOperationException(sso
                ? $"AWS profile '{name}' signs in with IAM Identity Center and has no valid login: run aws sso login{which}"
                : $"no AWS credentials{(name is null ? "" : $" from profile '{name}'")}: {FirstLine(e.Message)} (aws configure{which} sets them up)", e);
        }
        return AwsConnection.FromEnvironment(environment, region, credentials);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
