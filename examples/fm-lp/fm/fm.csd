<CsoundSynthesizer>
<CsInstruments>
; FM voice: 440 Hz carrier, 880 Hz modulator, index 1. Its partials are 440, 1320, 2200 Hz...;
; after the 1 kHz low-pass only 440 Hz stays strong.
ksmps = 64
nchnls = 1
0dbfs = 1
giSine ftgen 1, 0, 16384, 10, 1
instr 1
  aout foscili 0.3, 440, 1, 2, 1, giSine
  out aout
endin
</CsInstruments>
<CsScore>
f 0 z
i 1 0 -1
</CsScore>
</CsoundSynthesizer>
