using CloudOrchestra.Audio;
using CloudOrchestra.Deploy.Execution;
using CloudOrchestra.Deploy.Listening;
using CloudOrchestra.Deploy.Processes;
using CloudOrchestra.Loading;

namespace CloudOrchestra.Deploy.Orchestration;

/// <summary>What a deployment's listener hears: recorded to a WAV file, or metered as it plays.</summary>
public sealed class ListenerAudio(ICommandRunner run)
{
    /// <summary>
    /// Records what reaches the listener for some seconds, and says how loud it is and at what frequency.
    /// </summary>
    public async Task<Spectrum> RecordAsync(DeploymentState state, string wavFile, double seconds,
        CancellationToken cancel)
    {
        var result =
            await run.RunAsync(["env", $"JACK_DEFAULT_SERVER={state.JackServer}", "jack_rec", "-f",
                Path.GetFullPath(wavFile),
            "-d", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "16",
            .. state.ListenerPorts],
            cancel,
            timeout: TimeSpan.FromSeconds(seconds + 30));
        if (!result.Succeeded || !File.Exists(wavFile))
        {
            throw new CommandFailedException($"recording at the listener failed: {result.Tail()} (is "
                + $"{DisplayPath.Of(state.OrchestraDirectory)} up? see 'orchestra status')");
        }
        return Spectrum.Of(WavFile.Read(wavFile));
    }

    /// <summary>
    /// Meters what reaches the listener as it plays (through the listener's JACK server, to its sound card when it
    /// has one): every quarter second, the level and dominant frequency of what arrived meanwhile, until the
    /// duration is over or the token is cancelled (Ctrl-C).
    /// </summary>
    public static async Task ListenAsync(DeploymentState state, TimeSpan? duration, Action<Spectrum> heard,
        CancellationToken cancel)
    {
        using var capture = JackCapture.Open(state.JackServer, "orchestra-listen", state.ListenerPorts);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(0.25));
        while (duration is null || clock.Elapsed < duration)
        {
            try
            {
                await ticks.WaitForNextTickAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (capture.ServerGone)
                throw new CommandFailedException(
                    $"the listener's JACK server stopped: {DisplayPath.Of(state.OrchestraDirectory)} is no longer up");
            heard(Spectrum.Of(new WavFile(capture.SampleRate, capture.Read())));
        }
    }
}
