namespace CloudOrchestra.Deploy.Tests.Execution;

/// <summary>
/// Keeps what is reported at once, in order, unlike <see cref="Progress{T}"/>, which posts it to the thread pool.
/// </summary>
internal sealed class SynchronousProgress<T>(List<T> into) : IProgress<T>
{
    public void Report(T value)
    {
        lock (into) into.Add(value);
    }
}
