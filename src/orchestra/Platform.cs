// Namespaces, users, sshd and JACK: CloudOrchestra deploys from and to Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
