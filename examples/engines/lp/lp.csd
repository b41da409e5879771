<CsoundSynthesizer>
<CsInstruments>
; Low-pass filter: 1 kHz Butterworth on the single input
ksmps = 64
nchnls = 1
0dbfs = 1
instr 1
  ain inch 1
  aout butterlp ain, 1000
  out aout
endin
</CsInstruments>
<CsScore>
f 0 z
i 1 0 -1
</CsScore>
</CsoundSynthesizer>
