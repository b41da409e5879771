// The studio drives deployments to and from Linux, as the CLI does.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
