// A ChucK module: a 990 Hz sine on this block's output (its JACK port "BLOCK:outport 0"), for as long as it runs,
// whose frequency follows /freq f. With one output, dac is that one channel; a module with more reaches each through
// dac.chan(N). The block's name and its own OSC port are in the environment: an OscIn listens there (UDP; ChucK's
// code server holds the same number over TCP, on loopback).
<<< "ChucK block", Std.getenv("ORCHESTRA_BLOCK"), "port", Std.getenv("ORCHESTRA_OSC_PORT") >>>;
SinOsc tone => dac;
990 => tone.freq;
0.2 => tone.gain;
OscIn osc;
OscMsg message;
Std.atoi(Std.getenv("ORCHESTRA_OSC_PORT")) => osc.port;
osc.addAddress("/freq, f");
while (true)
{
    osc => now;
    while (osc.recv(message)) message.getFloat(0) => tone.freq;
}
