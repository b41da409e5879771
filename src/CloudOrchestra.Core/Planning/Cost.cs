namespace CloudOrchestra.Planning;

/// <summary>
/// The paper's objective (seed 001 §3.1): <c>Total = Alpha·Overflow + RemoteLinks</c>, where overflow is the
/// cores allocated beyond each machine's cores and a remote link a connection between two machines.
/// </summary>
public sealed record Cost(double Alpha, int Overflow, int RemoteLinks, int LocalLinks, double Total);
