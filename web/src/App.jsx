import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlow, Background, Controls, addEdge, applyEdgeChanges, applyNodeChanges, useReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './styles.css';
import BlockNode from './BlockNode.jsx';
import { api, followEvents } from './api.js';
import { BUILT_IN, blockNode, edge, freshName, graphFromModel, modelFromSynthdef, synthdefFromGraph } from './synthdef.js';
import { parseJson, writeJson } from './jsonText.js';
import { Findings, Listen, PlanLanes, Progress, Status } from './Panels.jsx';
import HostsEditor from './HostsEditor.jsx';

const nodeTypes = { block: BlockNode };

/** A synthdef that reads and declares no blocks (not one that cannot be read: that one's findings stay). */
function isEmptySynthdef(text) {
  try {
    const blocks = parseJson(text).blocks;
    return typeof blocks === 'object' && blocks !== null && !Array.isArray(blocks) && Object.keys(blocks).length === 0;
  } catch {
    return false;
  }
}

function Studio() {
  const [modules, setModules] = useState([]);
  const [hosts, setHosts] = useState([]);
  const [aliases, setAliases] = useState([]);
  // The synthdef as read, for what the page does not show (its other keys), to write back as it was.
  const [root, setRoot] = useState({});
  const [nodes, setNodes] = useState([]);
  const [edges, setEdges] = useState([]);
  const [findings, setFindings] = useState([]);
  const [message, setMessage] = useState('');
  const [plan, setPlan] = useState(null);
  const [events, setEvents] = useState([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(null);
  const [machinesVersion, setMachinesVersion] = useState(0);
  // The synthdef's text as it was read (null: there is none) and the file it came from (null: the orchestra's own,
  // else the name of a file opened in the page); `baseline` is the graph as read, to tell whether it was edited.
  const [source, setSource] = useState({ name: null, text: null });
  const [baseline, setBaseline] = useState(null);
  // The loader's rules for a block's name, and why the inspector refused the last name typed.
  const [names, setNames] = useState(null);
  const [synthdefFile, setSynthdefFile] = useState(null);
  const [refusal, setRefusal] = useState(null);
  const flow = useReactFlow();
  const fileInput = useRef(null);

  // A synthdef's text onto the canvas, broken or not: what cannot be read is reported by the check of that text.
  const load = useCallback((text, palette) => {
    let model = { blocks: [], connections: [], aliases: [], root: {} };
    try {
      if (text !== null) model = modelFromSynthdef(parseJson(text));
    } catch {
      // not JSON: the findings say where
    }
    const graph = graphFromModel(model, palette);
    setNodes(graph.nodes);
    setEdges(graph.edges);
    setAliases(model.aliases);
    setRoot(model.root);
    setBaseline(JSON.stringify(synthdefFromGraph(graph.nodes, graph.edges, model.aliases, model.root)));
  }, []);

  useEffect(() => {
    api('/api/orchestra').then(({ body }) => {
      const palette = [...body.modules, ...BUILT_IN];
      setModules(palette);
      setHosts(body.hosts);
      setFindings(body.diagnostics);
      setNames(body.names);
      setSynthdefFile(body.synthdef.file);
      setSource({ name: null, text: body.synthdef.text });
      load(body.synthdef.text, palette);
    });
    refreshStatus();
  }, [load]);

  // Machines saved: take their new list, and plan again.
  useEffect(() => {
    if (machinesVersion === 0) return;
    api('/api/orchestra').then(({ body }) => setHosts(body.hosts));
  }, [machinesVersion]);

  const synthdef = useMemo(() => synthdefFromGraph(nodes, edges, aliases, root), [nodes, edges, aliases, root]);
  const structure = JSON.stringify(synthdef);
  // Structure only: moving a block on screen does not re-plan.
  const planned = JSON.stringify({ ...synthdef, layout: undefined });
  // The text checked, saved and downloaded: the file's own, changed only where the graph was edited (the rest as the
  // musician wrote it), so that what is wrong is located where it stands in the file.
  const edited = baseline !== null && structure !== baseline;
  const text = useMemo(() => (source.text !== null && !edited ? source.text : writeJson(source.text, synthdef)), [source.text, edited, synthdef]);

  // Not what synthdef.json holds: an edit, or a file opened in the page and not saved yet.
  const unsaved = source.name !== null || (source.text === null ? !isEmptySynthdef(text) : text !== source.text);
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);

  // No blocks and no connections: where a musician starts, not an error (the loader's "no blocks", meant for 'up').
  const empty = nodes.length === 0 && synthdef.connections.length === 0 && isEmptySynthdef(text);

  // Re-plan as the graph changes (a moment after the last change), without saving.
  const latestText = useRef(text);
  latestText.current = text;
  // Only the answer to the latest check counts: an earlier one answered late is of a text no longer on screen.
  const checks = useRef(0);
  useEffect(() => {
    const check = ++checks.current;
    if (empty) {
      setPlan(null);
      setFindings((fs) => fs.filter((f) => f.file !== synthdefFile));
      return;
    }
    const timer = setTimeout(async () => {
      const file = source.name === null ? '' : `"file": ${JSON.stringify(source.name)}, `;
      const { body } = await api('/api/plan', { method: 'POST', text: `{"timeLimit": 2, ${file}"synthdef": ${latestText.current}}` });
      if (check !== checks.current) return;
      setPlan(body);
      // One list of what is wrong, always of the text on screen: this check's, as a save's would be.
      setFindings(body.diagnostics ?? []);
    }, 300);
    return () => clearTimeout(timer);
  }, [planned, source.text, source.name, machinesVersion, empty, synthdefFile]); // eslint-disable-line react-hooks/exhaustive-deps

  // Each block shows its machine; remote connections stand out.
  const allocation = plan?.allocation;
  const shownNodes = useMemo(() => nodes.map((n) => ({ ...n, data: { ...n.data, machine: allocation?.[n.id] ?? null } })), [nodes, allocation]);
  const shownEdges = useMemo(() => edges.map((e) => {
    const remote = allocation && allocation[e.source] !== allocation[e.target];
    return { ...e, animated: !!remote, className: remote ? 'remote-edge' : '' };
  }), [edges, allocation]);

  const onNodesChange = useCallback((changes) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  const onConnect = useCallback((c) => setEdges((es) => addEdge(edge(c.source, Number(c.sourceHandle.slice(3)), c.target, Number(c.targetHandle.slice(2))), es)), []);

  const add = (module, position) => setNodes((ns) => [...ns, blockNode(freshName(module.name, ns), module, null, {}, position ?? { x: 60 + ns.length * 20, y: 60 + ns.length * 20 })]);
  const onDrop = (event) => {
    event.preventDefault();
    const module = modules.find((m) => m.name === event.dataTransfer.getData('application/x-orchestra-module'));
    if (module) add(module, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  const selected = nodes.find((n) => n.selected);
  useEffect(() => setRefusal(null), [selected?.id]);
  const update = (id, change) => setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...change } } : n)));
  // Why the synthdef could not take this name (the loader's own rules), or null.
  const refusalOf = (name) => {
    if (!name) return 'a block needs a name';
    if (nodes.some((n) => n.id === name)) return `a block named '${name}' exists already`;
    if (names && !new RegExp(names.pattern).test(name)) return `block name '${name}' is not allowed: ${names.rule}`;
    if (names && new RegExp(names.reserved).test(name)) return `block name '${name}' is reserved: ${names.reservedRule}`;
    return null;
  };
  const rename = (id, field) => {
    const name = field.value.trim();
    if (name === id) return;
    const refused = refusalOf(name);
    setRefusal(refused);
    if (refused) {
      field.value = id;
      return;
    }
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, id: name, data: { ...n.data, name } } : n)));
    setEdges((es) => es.map((e) => ({ ...edge(e.source === id ? name : e.source, Number(e.sourceHandle.slice(3)), e.target === id ? name : e.target, Number(e.targetHandle.slice(2)), e.data?.channels), data: e.data })));
  };
  const remove = (id) => {
    setNodes((ns) => ns.filter((n) => n.id !== id));
    setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
  };

  const save = async () => {
    const { ok, body } = await api('/api/orchestra', { method: 'PUT', text });
    setFindings(body.diagnostics);
    setMessage(ok ? 'Saved synthdef.json.' : 'Not saved: the synthdef has errors (see Findings).');
    if (ok) {
      setSource({ name: null, text });
      setBaseline(structure);
    }
    return ok;
  };
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = 'synthdef.json';
    link.click();
  };
  const open = async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const opened = await file.text();
    event.target.value = '';
    try {
      parseJson(opened);
    } catch (e) {
      setMessage(`${file.name} is not JSON: ${e.message}`);
      return;
    }
    setSource({ name: file.name, text: opened });
    load(opened, modules);
    setFindings([]);
    setMessage(`Loaded ${file.name}: save to keep it.`);
  };

  async function refreshStatus() {
    const { body } = await api('/api/status');
    setStatus(body);
  }
  const run = async (operation) => {
    setBusy(true);
    setEvents([]);
    const { ok, body } = await api(`/api/${operation}`, { method: 'POST' });
    if (!ok) {
      setMessage(body.error);
      setBusy(false);
      return;
    }
    await followEvents((e) => setEvents((es) => [...es, e]));
    setBusy(false);
    refreshStatus();
  };
  const up = status && status.up !== false;
  // The server deploys synthdef.json: what the canvas shows is saved first, or nothing is deployed.
  const deploy = async () => {
    if (unsaved && !(await save())) {
      setMessage('Not deployed: the synthdef has errors (see Findings).');
      return;
    }
    run('deploy');
  };

  return (
    <div className="studio">
      <header>
        <h1>CloudOrchestra</h1>
        <button onClick={save} data-testid="save">Save</button>
        <button onClick={() => fileInput.current.click()}>Open synthdef.json…</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={open} />
        <button onClick={download}>Download JSON</button>
        <button onClick={deploy} disabled={busy || up} data-testid="deploy"
                title={unsaved ? 'Saves synthdef.json, then deploys it' : 'Deploys synthdef.json as saved'}>{unsaved ? 'Save and deploy' : 'Deploy'}</button>
        <button onClick={() => run('teardown')} disabled={busy || !up} data-testid="teardown">Tear down</button>
        {unsaved && <span className="unsaved" data-testid="unsaved" title="The canvas differs from synthdef.json">Unsaved changes</span>}
        <span className="message" data-testid="message">{message}</span>
      </header>
      <aside className="palette">
        <h2>Modules</h2>
        {modules.map((m) => (
          <div key={m.name} className="palette-item" draggable data-testid={`module-${m.name}`}
               onDragStart={(e) => { e.dataTransfer.setData('application/x-orchestra-module', m.name); e.dataTransfer.effectAllowed = 'copy'; }}
               onDoubleClick={() => add(m)}>
            {m.name} <span className="muted">{m.synth}, {m.inputs} in / {m.outputs} out</span>
          </div>
        ))}
        <h2>Machines</h2>
        <HostsEditor hosts={hosts} onSaved={() => setMachinesVersion((v) => v + 1)} />
        {selected && (
          <div className="inspector" data-testid="inspector">
            <h2>Block</h2>
            <label>Name <input key={selected.id} defaultValue={selected.id} data-testid="block-name"
              onKeyDown={(e) => { if (e.key === 'Enter') rename(selected.id, e.target); }}
              onBlur={(e) => rename(selected.id, e.target)} /></label>
            {refusal && <p className="failed" role="alert" data-testid="block-name-refusal">{refusal}</p>}
            <label>Runs on
              <select value={selected.data.host ?? ''} onChange={(e) => update(selected.id, { host: e.target.value || null })} data-testid="block-host">
                <option value="">wherever the plan puts it</option>
                {[...aliases, ...hosts.map((h) => h.name)].map((h) => <option key={h} value={h}>{h}</option>)}
              </select>
            </label>
            <button onClick={() => remove(selected.id)}>Delete block</button>
          </div>
        )}
      </aside>
      <main onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }} onDrop={onDrop} data-testid="canvas">
        <ReactFlow nodes={shownNodes} edges={shownEdges} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
                   onEdgesChange={onEdgesChange} onConnect={onConnect} fitView fitViewOptions={{ maxZoom: 1 }} deleteKeyCode={['Backspace', 'Delete']}>
          <Background />
          <Controls />
        </ReactFlow>
      </main>
      <section className="side">
        <h2>Plan</h2>
        {empty
          ? <p className="muted" data-testid="empty-hint">No blocks yet: drag a module from the palette onto the canvas, or double-click it.</p>
          : <PlanLanes plan={plan} connections={synthdef.connections} />}
        {findings.length > 0 && <><h2>Findings</h2><Findings findings={findings} /></>}
        <h2>Deployment</h2>
        <Progress events={events} />
        <Status status={status} />
        <h2>Listen</h2>
        <Listen enabled={!!up && !busy} />
      </section>
    </div>
  );
}

export default function App() {
  return <ReactFlowProvider><Studio /></ReactFlowProvider>;
}
