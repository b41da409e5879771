using CloudOrchestra.Deployment;
using CloudOrchestra.Loading;
using CloudOrchestra.Planning;
using CloudOrchestra.Testing;

namespace CloudOrchestra.Tests.Deployment;

/// <summary>
/// The listener's own JACK server: a sound card when the hosts file names one, at the machines' rate and period.
/// </summary>
public sealed class ListenerJackTests
{
    private static IReadOnlyList<string> ListenerJackd(OrchestraFiles files)
    {
        var loaded = OrchestraLoader.Load(files.Directory, null, requireHosts: true);
        Assert.True(loaded.Succeeded, string.Join('\n', loaded.Diagnostics));
        var plan = DeploymentPlanner.Build(loaded.Orchestra!, loaded.Resources!,
            Optimizer.Place(loaded.Orchestra!, loaded.Resources!));
        return plan.Steps.Single(s => s.Kind == StepKind.Jack).Calls.OfType<AgentCall>()
            .Single(c => c.Machine == DeploymentPlan.Listener).Args;
    }

    [Fact]
    public void Without_a_listener_entry_the_listener_runs_the_dummy_driver()
    {
        using var files = OrchestraFiles.Create();

        Assert.Equal(["jackd", "jackd", "dummy", "48000", "256"], ListenerJackd(files).Take(5));
    }

    [Fact]
    public void A_listener_entry_gives_its_sound_card_and_keeps_the_machines_rate_and_period()
    {
        using var files = OrchestraFiles.Create().Write("hosts.json", """
            {"hosts": [{"name": "h1", "host": "10.0.0.1", "username": "u", "cores": 2,
                        "jack": {"rate": 44100, "period": 128}}],
             "listener": {"jack": {"driver": "alsa", "device": "hw:USB,0", "rate": 96000}}}
            """);

        var args = ListenerJackd(files);

        Assert.Equal(["jackd", "jackd", "alsa", "44100", "128"], args.Take(5));
        Assert.Equal("hw:USB,0", args[^1]);
    }
}
