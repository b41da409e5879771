<CsoundSynthesizer>
<CsInstruments>
; Block {{block.name}} on {{block.machine}} ({{block.address}}): a {{params.freq}} Hz sine at amplitude {{params.amp}}.
; A templated module: this file is rendered for each block, with that block's params.
ksmps = 64
nchnls = 1
0dbfs = 1
giSine ftgen 1, 0, 16384, 10, 1
instr 1
  aout oscili {{params.amp}}, {{params.freq}}, giSine
  out aout
endin
</CsInstruments>
<CsScore>
f 0 z
i 1 0 -1
</CsScore>
</CsoundSynthesizer>
