namespace CloudOrchestra.Planning;

/// <summary>
/// The paper's objective (seed 001 §3.1): <c>Total = Alpha·Overflow + remote links</c>, where overflow is the
/// cores allocated beyond each machine's cores and a remote link a connection between two machines. A link
/// weighs its channel count (<see cref="RemoteChannels"/>): a stereo link carries twice a mono one's audio.
/// With every connection mono, as in the paper, the two counts are equal.
/// </summary>
public sealed record Cost(double Alpha, int Overflow, int RemoteLinks, int LocalLinks, double Total,
    int RemoteChannels);
