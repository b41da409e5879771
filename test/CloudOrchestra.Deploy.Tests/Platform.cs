// The agent and its sessions run on Linux, as the deployments they serve do.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
