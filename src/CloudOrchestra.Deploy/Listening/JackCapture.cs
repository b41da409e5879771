using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudOrchestra.Deploy.Listening;

/// <summary>
/// A JACK client of our own on a JACK server of this machine: input ports connected to the given ports, whose
/// samples its real-time callback copies into a ring buffer that <see cref="Read"/> drains. JACK's thread touches
/// only native memory, so the garbage collector never stands between it and its deadline.
/// </summary>
public sealed unsafe partial class JackCapture : IDisposable
{
    private const string Jack = "libjack.so.0";
    private const int RingFrames = 1 << 18;           // about 5 s at 48 kHz: the reader may fall that far behind
    private const ulong JackPortIsInput = 1;
    private const int JackNoStartServer = 1;

    private IntPtr client;
    private readonly Ring* ring;
    private long read;

    /// <summary>What the callback shares with the reader: ports, one ring per channel, frames written so far.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Ring
    {
        public int Channels;
        public IntPtr* Ports;
        public float** Samples;
        public long Written;
        public int ServerGone;
    }

    public int SampleRate { get; }
    public int Channels { get; }

    /// <summary>True once the JACK server shut down under us.</summary>
    public bool ServerGone => Volatile.Read(ref ring->ServerGone) != 0;

    private JackCapture(IntPtr client, Ring* ring, int sampleRate)
    {
        this.client = client;
        this.ring = ring;
        SampleRate = sampleRate;
        Channels = ring->Channels;
    }

    /// <summary>Opens the client on the named server and connects each source port to one input of ours.</summary>
    public static JackCapture Open(string server, string clientName, IReadOnlyList<string> sources)
    {
        if (sources.Count == 0) throw new ArgumentException("nothing to listen to", nameof(sources));
        // libjack takes the server's name from its environment; .NET's copy of the environment is not the process's.
        SetEnv("JACK_DEFAULT_SERVER", server, 1);
        SetEnv("JACK_NO_START_SERVER", "1", 1);
        int status;
        var client = ClientOpen(clientName, JackNoStartServer, &status);
        if (client == IntPtr.Zero)
            throw new JackException(
                $"cannot reach the JACK server '{server}' (status 0x{status:x}): is the orchestra up?");
        var ring = (Ring*)NativeMemory.AllocZeroed((nuint)sizeof(Ring));
        ring->Channels = sources.Count;
        ring->Ports = (IntPtr*)NativeMemory.AllocZeroed((nuint)(sizeof(IntPtr) * sources.Count));
        ring->Samples = (float**)NativeMemory.AllocZeroed((nuint)(sizeof(float*) * sources.Count));
        var capture = new JackCapture(client, ring, (int)GetSampleRate(client));
        try
        {
            for (var c = 0; c < sources.Count; c++)
            {
                ring->Samples[c] = (float*)NativeMemory.AllocZeroed((nuint)(sizeof(float) * RingFrames));
                ring->Ports[c] = PortRegister(client, $"in_{c + 1}", "32 bit float mono audio", JackPortIsInput, 0);
                if (ring->Ports[c] == IntPtr.Zero)
                    throw new JackException($"cannot register the port in_{c + 1} on JACK server '{server}'");
            }
            if (SetProcessCallback(client, &OnProcess, (IntPtr)ring) != 0)
                throw new JackException("cannot set the JACK process callback");
            OnShutdown(client, &OnServerShutdown, (IntPtr)ring);
            if (Activate(client) != 0) throw new JackException($"cannot activate a client on JACK server '{server}'");
            for (var c = 0; c < sources.Count; c++)
            {
                var ours = $"{clientName}:in_{c + 1}";
                if (Connect(client, sources[c], ours) != 0)
                    throw new JackException($"cannot connect {sources[c]} to {ours}");
            }
            capture.read = Volatile.Read(ref ring->Written);
            return capture;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every frame captured since the last read, a channel per array; when more than the ring holds arrived,
    /// the oldest are skipped.
    /// </summary>
    public float[][] Read()
    {
        var written = Volatile.Read(ref ring->Written);
        var from = Math.Max(read, written - RingFrames + 4096);  // keep clear of the part the callback may be writing
        var frames = (int)Math.Max(0, written - from);
        var result = new float[Channels][];
        for (var c = 0; c < Channels; c++)
        {
            result[c] = new float[frames];
            for (var i = 0; i < frames; i++) result[c][i] = ring->Samples[c][(from + i) & (RingFrames - 1)];
        }
        read = written;
        return result;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnProcess(uint frames, IntPtr arg)
    {
        var ring = (Ring*)arg;
        var start = ring->Written;
        for (var c = 0; c < ring->Channels; c++)
        {
            var input = (float*)PortGetBuffer(ring->Ports[c], frames);
            var samples = ring->Samples[c];
            for (var i = 0; i < frames; i++) samples[(start + i) & (RingFrames - 1)] = input[i];
        }
        Volatile.Write(ref ring->Written, start + frames);
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnServerShutdown(IntPtr arg) => Volatile.Write(ref ((Ring*)arg)->ServerGone, 1);

    public void Dispose()
    {
        if (client == IntPtr.Zero) return;
        ClientClose(client);
        client = IntPtr.Zero;
        for (var c = 0; c < ring->Channels; c++) NativeMemory.Free(ring->Samples[c]);
        NativeMemory.Free(ring->Ports);
        NativeMemory.Free(ring->Samples);
        NativeMemory.Free(ring);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport(Jack, EntryPoint = "jack_client_open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr ClientOpen(string name, int options, int* status);

    [LibraryImport(Jack, EntryPoint = "jack_client_close")]
    private static partial int ClientClose(IntPtr client);

    [LibraryImport(Jack, EntryPoint = "jack_get_sample_rate")]
    private static partial uint GetSampleRate(IntPtr client);

    [LibraryImport(Jack, EntryPoint = "jack_port_register", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr PortRegister(IntPtr client, string name, string type, ulong flags, ulong bufferSize);

    [LibraryImport(Jack, EntryPoint = "jack_set_process_callback")]
    private static partial int SetProcessCallback(IntPtr client, delegate* unmanaged[Cdecl]<uint, IntPtr, int> callback,
        IntPtr arg);

    [LibraryImport(Jack, EntryPoint = "jack_on_shutdown")]
    private static partial void OnShutdown(IntPtr client, delegate* unmanaged[Cdecl]<IntPtr, void> callback,
        IntPtr arg);

    [LibraryImport(Jack, EntryPoint = "jack_activate")]
    private static partial int Activate(IntPtr client);

    [LibraryImport(Jack, EntryPoint = "jack_connect", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Connect(IntPtr client, string source, string destination);

    [LibraryImport(Jack, EntryPoint = "jack_port_get_buffer")]
    private static partial IntPtr PortGetBuffer(IntPtr port, uint frames);
}

/// <summary>JACK refused something the listener asked of it.</summary>
public sealed class JackException(string message) : Exception(message);
