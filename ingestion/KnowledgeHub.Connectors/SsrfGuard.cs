using System.Net;
using System.Net.Sockets;

namespace KnowledgeHub.Connectors;

/// <summary>
/// Keeps crawls off the server's own networks. The check runs where the socket is opened, on the address DNS gave, so
/// it covers names that resolve to private addresses and every redirect hop alike (each hop opens its own connection);
/// no proxy is used, which would hide the address. KnowledgeHub:Connectors:Web:AllowPrivateNetworks turns it off.
/// </summary>
public sealed class SsrfGuard
{
    private const string Setting = "KnowledgeHub:Connectors:Web:AllowPrivateNetworks";

    private readonly bool allowPrivate;
    private readonly IReadOnlySet<IPAddress> treatedAsPublic;

    public SsrfGuard(bool allowPrivate)
        : this(allowPrivate, new HashSet<IPAddress>())
    {
    }

    /// <param name="treatedAsPublic">Addresses judged public although they are not: only tests use it, to stand for an outside host on loopback.</param>
    internal SsrfGuard(bool allowPrivate, IReadOnlySet<IPAddress> treatedAsPublic)
    {
        this.allowPrivate = allowPrivate;
        this.treatedAsPublic = treatedAsPublic;
    }

    /// <summary>Why <paramref name="address"/> is refused, or null when a crawl may connect to it.</summary>
    public string? RefusalFor(IPAddress address) =>
        allowPrivate || treatedAsPublic.Contains(address) ? null : Classify(address) is { } kind ? $"{address} is a {kind} address ({Setting} is off)." : null;

    /// <summary>For a URL whose host is an address literal or "localhost": the refusal, known before any DNS lookup.</summary>
    public static string? RefusalForHost(Uri uri)
    {
        if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"{uri.Host} is a loopback address ({Setting} is off).";
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && Classify(address) is { } kind
            ? $"{address} is a {kind} address ({Setting} is off)."
            : null;
    }

    /// <summary>An HTTP handler that connects only to allowed addresses, never through a proxy, and follows no redirect itself.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SsrfRefusedException($"{host} has no address.");
        }

        // Every address is checked, not only the one used: a name that mixes public and private answers is refused.
        foreach (var address in addresses)
        {
            if (RefusalFor(address) is { } refusal)
            {
                throw new SsrfRefusedException($"Refused to connect to {host}: {refusal}");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loopback, private, link-local (cloud metadata at 169.254.169.254), shared, multicast or unspecified; null when public.</summary>
    internal static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                100 when b[1] is >= 64 and <= 127 => "shared (carrier-grade NAT)",
                169 when b[1] == 254 => "link-local (cloud metadata)",
                172 when b[1] is >= 16 and <= 31 => "private",
                192 when b[1] == 168 => "private",
                192 when b[1] == 0 && b[2] == 0 => "reserved",
                198 when b[1] is 18 or 19 => "benchmarking",
                >= 224 => "multicast or reserved",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast)
        {
            return "unspecified or multicast";
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return "link-local";
        }

        var bytes = address.GetAddressBytes();
        if ((bytes[0] & 0xFE) == 0xFC)
        {
            // fc00::/7, which holds the IPv6 metadata addresses (fd00:ec2::254).
            return "private (unique local)";
        }

        return null;
    }
}
