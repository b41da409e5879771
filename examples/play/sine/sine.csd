<CsoundSynthesizer>
<CsInstruments>
; A sine that is played over OSC: /freq f (Hz) and /amp f (0 to 1), on the block's own OSC port, which CloudOrchestra
; gives Csound as the macro $OSC_PORT. Send it from anywhere: orchestra send DIR sine /freq 660
ksmps = 64
nchnls = 1
0dbfs = 1
giOsc OSCinit $OSC_PORT
giSine ftgen 1, 0, 16384, 10, 1
instr 1
  kfreq init 440
  kamp init 0.2
  kvalue init 0
next_freq:
  kgot OSClisten giOsc, "/freq", "f", kvalue
  if kgot == 0 goto amp
  kfreq = kvalue
  kgoto next_freq
amp:
  kgot OSClisten giOsc, "/amp", "f", kvalue
  if kgot == 0 goto play
  kamp = kvalue
  kgoto amp
play:
  aout oscili portk(kamp, 0.01), portk(kfreq, 0.005), giSine
  out aout
endin
</CsInstruments>
<CsScore>
f 0 z
i 1 0 -1
</CsScore>
</CsoundSynthesizer>
