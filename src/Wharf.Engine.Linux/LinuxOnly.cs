using System.Runtime.Versioning;

// The adapters are Linux by definition (overlayfs, runc, /proc); this tells the platform analyzer so.
[assembly: SupportedOSPlatform("linux")]
