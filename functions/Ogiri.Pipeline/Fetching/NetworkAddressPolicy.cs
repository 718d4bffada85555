using System.Net;
using System.Net.Sockets;

namespace Ogiri.Pipeline.Fetching;

/// <summary>
/// Decides whether an address is on the public internet. Everything else — loopback, private, shared (CGNAT),
/// link-local, multicast, unspecified, broadcast, documentation and reserved ranges, and IPv6 forms that embed
/// such an IPv4 address — is named, so a refusal can say what the address is.
/// </summary>
public static class NetworkAddressPolicy
{
    private sealed record Range(IPAddress Network, int PrefixLength, string Kind);

    // IANA's special-purpose registries (RFC 6890 and successors), the ranges a fetch must never reach.
    private static readonly Range[] V4Ranges =
    [
        new(IPAddress.Parse("0.0.0.0"), 8, "an unspecified (\"this network\") address"),
        new(IPAddress.Parse("10.0.0.0"), 8, "a private address"),
        new(IPAddress.Parse("100.64.0.0"), 10, "a shared (carrier-grade NAT) address"),
        new(IPAddress.Parse("127.0.0.0"), 8, "a loopback address"),
        new(IPAddress.Parse("169.254.0.0"), 16, "a link-local address"),
        new(IPAddress.Parse("172.16.0.0"), 12, "a private address"),
        new(IPAddress.Parse("192.0.0.0"), 24, "a reserved (IETF protocol) address"),
        new(IPAddress.Parse("192.0.2.0"), 24, "a documentation address"),
        new(IPAddress.Parse("192.88.99.0"), 24, "a reserved (6to4 relay) address"),
        new(IPAddress.Parse("192.168.0.0"), 16, "a private address"),
        new(IPAddress.Parse("198.18.0.0"), 15, "a reserved (benchmarking) address"),
        new(IPAddress.Parse("198.51.100.0"), 24, "a documentation address"),
        new(IPAddress.Parse("203.0.113.0"), 24, "a documentation address"),
        new(IPAddress.Parse("224.0.0.0"), 4, "a multicast address"),
        new(IPAddress.Parse("255.255.255.255"), 32, "the broadcast address"),
        new(IPAddress.Parse("240.0.0.0"), 4, "a reserved address"),
    ];

    private static readonly Range[] V6Ranges =
    [
        new(IPAddress.IPv6None, 128, "an unspecified address"),
        new(IPAddress.IPv6Loopback, 128, "a loopback address"),
        new(IPAddress.Parse("::"), 96, "a reserved (IPv4-compatible) address"),
        new(IPAddress.Parse("64:ff9b:1::"), 48, "a reserved (local NAT64) address"),
        new(IPAddress.Parse("100::"), 64, "a reserved (discard) address"),
        new(IPAddress.Parse("2001:db8::"), 32, "a documentation address"),
        new(IPAddress.Parse("3fff::"), 20, "a documentation address"),
        new(IPAddress.Parse("2001::"), 23, "a reserved (IETF protocol) address"),
        new(IPAddress.Parse("fc00::"), 7, "a private (unique local) address"),
        new(IPAddress.Parse("fe80::"), 10, "a link-local address"),
        new(IPAddress.Parse("fec0::"), 10, "a site-local address"),
        new(IPAddress.Parse("ff00::"), 8, "a multicast address"),
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");
    private static readonly IPAddress SixToFour = IPAddress.Parse("2002::");
    private static readonly IPAddress GlobalUnicast = IPAddress.Parse("2000::");

    /// <summary>Null for a public address; otherwise what the address is, e.g. "a private address".</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return Match(address, V4Ranges);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "not an IP address";
        if (address.IsIPv4MappedToIPv6) return NonPublicKind(address.MapToIPv4());

        var bytes = address.GetAddressBytes();
        // Forms that carry an IPv4 address inside: judge the address they reach.
        if (InRange(bytes, Nat64, 96)) return NonPublicKind(new IPAddress(bytes.AsSpan(12, 4)));
        if (InRange(bytes, SixToFour, 16)) return NonPublicKind(new IPAddress(bytes.AsSpan(2, 4)));
        if (Match(address, V6Ranges) is { } kind) return kind;
        // Only 2000::/3 is allocated as global unicast; the rest of the space is reserved.
        return InRange(bytes, GlobalUnicast, 3) ? null : "a reserved address";
    }

    private static string? Match(IPAddress address, Range[] ranges)
    {
        var bytes = address.GetAddressBytes();
        foreach (var range in ranges)
        {
            if (InRange(bytes, range.Network, range.PrefixLength)) return range.Kind;
        }
        return null;
    }

    private static bool InRange(byte[] address, IPAddress network, int prefixLength)
    {
        var net = network.GetAddressBytes();
        if (net.Length != address.Length) return false;
        var whole = prefixLength / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(net.AsSpan(0, whole))) return false;
        var rest = prefixLength % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (net[whole] & mask);
    }
}
