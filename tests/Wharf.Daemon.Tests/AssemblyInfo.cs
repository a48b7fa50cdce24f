using System.Runtime.Versioning;

// The daemon is Linux-only, and so are its tests (unix sockets, file modes, signals).
[assembly: SupportedOSPlatform("linux")]
