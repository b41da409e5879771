// Between the graph on screen and synthdef.json: blocks are nodes, connections are edges between port handles.

export const BUILT_IN = [
  { name: 'ADC', synth: 'built-in', inputs: 0, outputs: 1, cores: 0 },
  { name: 'DAC', synth: 'built-in', inputs: 1, outputs: 0, cores: 0 },
];

/** A place the synthdef's "layout" gives a block: finite x and y, else none. */
function placeIn(layout, name) {
  const at = layout?.[name];
  return isObject(at) && Number.isFinite(at.x) && Number.isFinite(at.y) ? { x: at.x, y: at.y } : null;
}

/** Nodes and edges of a model: each block where the synthdef's layout puts it, the rest in columns by depth. */
export function graphFromModel(model, modules) {
  const byName = Object.fromEntries(modules.map((m) => [m.name, m]));
  const depth = {};
  const blocks = model.blocks ?? [];
  const connections = model.connections ?? [];
  for (let pass = 0; pass < blocks.length; pass++) {
    for (const c of connections) depth[c.sink] = Math.max(depth[c.sink] ?? 0, (depth[c.source] ?? 0) + 1);
  }
  const rows = {};
  const nodes = blocks.map((b) => {
    const column = Math.min(depth[b.name] ?? 0, 8);
    const row = (rows[column] = (rows[column] ?? -1) + 1);
    const node = blockNode(b.name, byName[b.module] ?? { name: b.module, inputs: 1, outputs: 1 }, b.host, b.params, placeIn(model.layout, b.name) ?? { x: 40 + column * 230, y: 40 + row * 120 });
    return { ...node, data: { ...node.data, extra: b.extra ?? {}, implicit: !!b.implicit } };
  });
  const edges = connections.map((c) => {
    const e = edge(c.source, c.sourcePort, c.sink, c.sinkPort, c.channels);
    return { ...e, data: { ...e.data, extra: c.extra ?? {} } };
  });
  return { nodes, edges };
}

export function blockNode(name, module, host = null, params = {}, position = { x: 80, y: 80 }) {
  return {
    id: name,
    type: 'block',
    position,
    data: { name, module: module.name, inputs: module.inputs, outputs: module.outputs, host, params: params ?? {}, machine: null },
  };
}

export function edge(source, sourcePort, sink, sinkPort, channels = 1) {
  return {
    id: `${source}:${sourcePort}->${sink}:${sinkPort}`,
    source,
    sourceHandle: `out${sourcePort}`,
    target: sink,
    targetHandle: `in${sinkPort}`,
    data: { channels },
  };
}

const BLOCK_KEYS = ['module', 'host', 'params'];
const CONNECTION_KEYS = ['source', 'sink', 'sourcePort', 'sinkPort', 'channels'];
const others = (object, known) => Object.fromEntries(Object.entries(object).filter(([k]) => !known.includes(k)));
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * synthdef.json as the prototype wrote it: blocks by name, then connections. What the page does not show is kept as
 * it was read: `root`'s other keys (comments, settings of its own), each block's and connection's, the aliases' values.
 */
export function synthdefFromGraph(nodes, edges, aliases = [], root = {}) {
  const blocks = {};
  for (const n of nodes) {
    // ADC and DAC named only in connections stay so.
    if (n.data.implicit && !n.data.host) continue;
    const block = { module: n.data.module };
    if (n.data.host) block.host = n.data.host;
    if (n.data.params && Object.keys(n.data.params).length > 0) block.params = n.data.params;
    blocks[n.id] = { ...block, ...(n.data.extra ?? {}) };
  }
  const connections = edges.map((e) => {
    const c = { source: e.source, sink: e.target, ...(e.data?.extra ?? {}) };
    const sourcePort = Number(e.sourceHandle?.slice(3) ?? 1);
    const sinkPort = Number(e.targetHandle?.slice(2) ?? 1);
    if (sourcePort !== 1) c.sourcePort = sourcePort;
    if (sinkPort !== 1) c.sinkPort = sinkPort;
    if ((e.data?.channels ?? 1) !== 1) c.channels = e.data.channels;
    return c;
  });
  // Where each block stands on the canvas, for the next time it is opened; the CLI ignores it.
  const layout = Object.fromEntries(nodes.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));
  const synthdef = { ...root, blocks, connections, layout };
  if (aliases.length > 0) synthdef.hosts = Object.fromEntries(aliases.map((a) => [a, root.hosts?.[a] ?? {}]));
  return synthdef;
}

/** A synthdef.json from a file, as a model (blocks and connections with their defaults). */
export function modelFromSynthdef(synthdef) {
  const root = isObject(synthdef) ? synthdef : {};
  const blocks = Object.entries(isObject(root.blocks) ? root.blocks : {}).filter(([, b]) => isObject(b))
    .map(([name, b]) => ({ name, module: b.module, host: b.host ?? null, params: b.params ?? {}, extra: others(b, BLOCK_KEYS) }));
  const declared = new Set(blocks.map((b) => b.name));
  const connections = (Array.isArray(root.connections) ? root.connections : []).filter(isObject).map((c) => ({
    source: c.source, sink: c.sink, sourcePort: c.sourcePort ?? 1, sinkPort: c.sinkPort ?? 1, channels: c.channels ?? 1,
    extra: others(c, CONNECTION_KEYS),
  }));
  for (const c of connections) {
    for (const end of [c.source, c.sink]) {
      if ((end === 'ADC' || end === 'DAC') && !declared.has(end)) {
        blocks.push({ name: end, module: end, host: null, params: {}, implicit: true });
        declared.add(end);
      }
    }
  }
  return { blocks, connections, aliases: Object.keys(isObject(root.hosts) ? root.hosts : {}), layout: isObject(root.layout) ? root.layout : {}, root };
}

/** A fresh block name for a module: its name and the first free number. */
export function freshName(module, nodes) {
  const taken = new Set(nodes.map((n) => n.id));
  if (module === 'DAC' || module === 'ADC') {
    if (!taken.has(module)) return module;
  }
  const base = module.toLowerCase();
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
