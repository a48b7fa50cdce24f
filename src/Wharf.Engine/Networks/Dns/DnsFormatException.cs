namespace Wharf.Engine.Networks.Dns;

/// <summary>A DNS message that cannot be read: too short, a name pointing outside it or looping, a bad label.</summary>
internal sealed class DnsFormatException(string message) : Exception(message);
