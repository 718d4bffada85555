using System.Net;
using Ogiri.Pipeline.Fetching;

namespace Ogiri.Pipeline.Tests.Fetching;

public class NetworkAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.0.9", "a loopback address")]
    [InlineData("10.0.0.5", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("172.31.255.255", "a private address")]
    [InlineData("192.168.1.1", "a private address")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT) address")]
    [InlineData("100.127.255.254", "a shared (carrier-grade NAT) address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("0.0.0.0", "an unspecified (\"this network\") address")]
    [InlineData("255.255.255.255", "the broadcast address")]
    [InlineData("240.0.0.1", "a reserved address")]
    [InlineData("192.0.2.10", "a documentation address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("fc00::1", "a private (unique local) address")]
    [InlineData("fd12:3456::1", "a private (unique local) address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("::ffff:10.0.0.1", "a private address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("::ffff:169.254.169.254", "a link-local address")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local address")]
    [InlineData("2002:7f00:1::1", "a loopback address")]
    [InlineData("2001:db8::1", "a documentation address")]
    [InlineData("3fff::1", "a documentation address")]
    [InlineData("2a00:1450::1", null)]
    [InlineData("8.8.8.8", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("100.128.0.1", null)]
    [InlineData("2606:4700::1", null)]
    [InlineData("::ffff:8.8.8.8", null)]
    public void Names_every_non_public_address_and_passes_public_ones(string address, string? expected) =>
        Assert.Equal(expected, NetworkAddressPolicy.NonPublicKind(IPAddress.Parse(address)));
}
