using System.Runtime.Versioning;

// wharfd runs only on Linux (unix sockets, overlayfs, runc); this lets the analyzers accept Unix-only APIs.
[assembly: SupportedOSPlatform("linux")]
