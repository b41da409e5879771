import { useEffect, useRef, useState } from 'react';
import { listenSocket } from './api.js';

/** Machines as lanes with the blocks the plan puts there, remote links, and the cost. */
export function PlanLanes({ plan, connections }) {
  if (!plan) return <p className="muted">No plan yet.</p>;
  if (plan.diagnostics) return <p className="muted" data-testid="plan">No plan while the synthdef has errors (see Findings).</p>;
  const remote = connections.filter((c) => plan.allocation[c.source] !== plan.allocation[c.sink]);
  const cost = plan.cost;
  return (
    <div data-testid="plan">
      <div className="lanes">
        {plan.hosts.map((h) => (
          <div key={h.name} className={`lane${h.load > h.cores ? ' overflow' : ''}`} data-testid={`lane-${h.name}`}>
            <div className="lane-head">{h.name} <span className="muted">{h.load}/{h.cores} cores</span></div>
            {h.blocks.map((b) => <div key={b} className="lane-block">{b}</div>)}
          </div>
        ))}
      </div>
      <p data-testid="cost">
        Cost: α {cost.alpha} × overflow {cost.overflow} + remote links {cost.remoteChannels} = <b>{cost.total}</b>
        {' '}({plan.optimal ? 'proven optimal' : `within ${(plan.gap * 100).toFixed(1)}% of the optimum`})
      </p>
      {remote.length > 0 && (
        <ul className="remote">
          {remote.map((c) => (
            <li key={`${c.source}->${c.sink}`}>{c.source} → {c.sink} ({plan.allocation[c.source]} → {plan.allocation[c.sink]})</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Findings({ findings }) {
  return (
    <ul className="findings" data-testid="findings">
      {findings.map((f, i) => <li key={i} className={f.severity}>{f.text}</li>)}
    </ul>
  );
}

const STEPS = ['Sync', 'Jack', 'LinkServers', 'LinkClients', 'LinksConnected', 'Synths', 'Disconnect', 'Connect', 'Export', 'Verify', 'Teardown'];

/** Every machine's progress through the steps, live; a failure shows its machine, block and log lines. */
export function Progress({ events }) {
  const machines = [...new Set(events.filter((e) => e.machine).map((e) => e.machine))];
  const steps = STEPS.filter((s) => events.some((e) => e.step === s));
  const state = (machine, step) => {
    const last = events.filter((e) => e.machine === machine && e.step === step).at(-1);
    return last ? last.event : '';
  };
  const failures = events.filter((e) => e.event === 'failed' && e.detail);
  const done = events.find((e) => e.event === 'done');
  return (
    <div data-testid="progress">
      {machines.length > 0 && (
        <div className="progress-scroll"><table className="progress">
          <thead><tr><th>machine</th>{steps.map((s) => <th key={s}>{s}</th>)}</tr></thead>
          <tbody>
            {machines.map((m) => (
              <tr key={m}>
                <td>{m}</td>
                {steps.map((s) => <td key={s} className={state(m, s)}>{{ succeeded: '✓', failed: '✗', started: '…' }[state(m, s)] ?? ''}</td>)}
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {failures.map((f, i) => <pre key={i} className="failure">{f.machine}: {f.detail}</pre>)}
      {done && <p data-testid="outcome" className={done.ok ? 'ok' : 'failed'}>{done.operation === 'up' ? 'Deploy' : 'Teardown'} {done.ok ? 'finished' : `failed: ${done.error}`}</p>}
    </div>
  );
}

/** Every machine's processes and JACK connections, as `orchestra status` reports them. */
export function Status({ status }) {
  if (!status) return null;
  if (status.up === false) return <p className="muted" data-testid="status">Not up.</p>;
  return (
    <div data-testid="status" className={status.healthy ? 'ok' : 'failed'}>
      <p>{status.healthy ? 'Everything is running and wired as planned.' : 'Something is not running or not wired.'}</p>
      <ul>
        {status.machines.map((m) => (
          <li key={m.name}>
            <b>{m.name}</b>{' '}
            {Object.entries(m.processes).map(([p, alive]) => <span key={p} className={alive ? 'ok' : 'failed'}>{alive ? p : `${p} (${m.states?.[p] ?? 'dead'})`} </span>)}
            <ul className="wires">
              {m.wires.map((w) => <li key={`${w.from}>${w.to}`} className={w.connected ? 'ok' : 'failed'}>{w.from} → {w.to} {w.connected ? '✓' : w.connected === null ? '? not asked: a process is stopped' : '✗ missing'}</li>)}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The listener's audio in the page: a WebSocket of samples into Web Audio, and a level meter. */
export function Listen({ enabled }) {
  const [level, setLevel] = useState(null);
  const [error, setError] = useState(null);
  const session = useRef(null);

  const stop = () => {
    session.current?.socket.close();
    session.current?.audio.close();
    session.current = null;
    setLevel(null);
  };
  useEffect(() => stop, []);
  useEffect(() => { if (!enabled) stop(); }, [enabled]);

  const start = () => {
    setError(null);
    const socket = listenSocket();
    const audio = new AudioContext();
    let next = 0;
    let rate = 48000;
    socket.onmessage = (message) => {
      if (typeof message.data === 'string') {
        rate = JSON.parse(message.data).sampleRate;
        return;
      }
      const samples = new Float32Array(message.data);
      if (samples.length === 0) return;
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      setLevel(rms > 0 ? Math.max(-120, 20 * Math.log10(rms)) : -120);
      const buffer = audio.createBuffer(1, samples.length, rate);
      buffer.copyToChannel(samples, 0);
      const source = audio.createBufferSource();
      source.buffer = buffer;
      source.connect(audio.destination);
      next = Math.max(next, audio.currentTime + 0.1);
      source.start(next);
      next += buffer.duration;
    };
    socket.onerror = () => setError('cannot listen: is the orchestra up?');
    socket.onclose = () => { if (session.current?.socket === socket) stop(); };
    session.current = { socket, audio };
  };

  const width = level === null ? 0 : Math.max(0, Math.min(100, ((level + 60) / 60) * 100));
  return (
    <div className="listen">
      {session.current
        ? <button onClick={stop}>Stop listening</button>
        : <button onClick={start} disabled={!enabled} data-testid="listen">Listen</button>}
      <div className="meter"><div className="meter-bar" style={{ width: `${width}%` }} /></div>
      <span data-testid="level" data-level={level ?? ''}>{level === null ? '' : `${level.toFixed(1)} dBFS`}</span>
      {error && <span className="failed">{error}</span>}
    </div>
  );
}
