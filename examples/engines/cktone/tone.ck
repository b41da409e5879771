// A ChucK module: a 990 Hz sine on this block's output (its JACK port "BLOCK:outport 0"), for as long as it runs.
// With one output, dac is that one channel; a module with more reaches each through dac.chan(N).
// The block's name and its own port are in the environment, should the program want them (OscIn, for one).
<<< "ChucK block", Std.getenv("ORCHESTRA_BLOCK"), "port", Std.getenv("ORCHESTRA_OSC_PORT") >>>;
SinOsc tone => dac;
990 => tone.freq;
0.2 => tone.gain;
while (true) 1::second => now;
