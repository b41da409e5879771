// The CLI and what it drives (namespaces, sshd, JACK, the generated scripts) run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
