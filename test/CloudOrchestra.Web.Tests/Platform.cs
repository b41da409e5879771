// The studio, like the tool, runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
