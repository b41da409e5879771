import { useState } from 'react';
import { api } from './api.js';
import { writeJson } from './jsonText.js';
import { Findings } from './Panels.jsx';

const FIELDS = [['name', 'name'], ['host', 'address'], ['username', 'user'], ['cores', 'cores']];

/**
 * The cores field as typed, into the hosts file: a number where it reads as one (the loader then says if it is not a
 * whole number from 1 up), nothing where it is empty, else the text itself, for the loader to report where it stands.
 */
function coresOf(typed) {
  const text = String(typed).trim();
  if (text === '') return undefined;
  return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
}

function fileEntry(host) {
  const { cores, ...rest } = host;
  const value = coresOf(cores ?? '');
  return value === undefined ? rest : { ...rest, cores: value };
}

/** The hosts file's machines: edit name, address, user and cores, add and remove; other keys are kept as they are. */
export default function HostsEditor({ hosts, onSaved }) {
  const [editing, setEditing] = useState(null);
  const [findings, setFindings] = useState([]);

  const open = async () => {
    const { ok, body } = await api('/api/hosts');
    if (!ok) return setFindings([{ severity: 'error', text: body.error }]);
    const list = Array.isArray(body.document) ? body.document : body.document.hosts ?? [];
    setEditing({ document: body.document, text: body.text, list: list.map((h) => ({ ...h, cores: h.cores === undefined ? '' : String(h.cores) })) });
    setFindings([]);
  };
  // Every field keeps exactly what is typed (the cores too: "-2", "" or "two" stay on screen as they are).
  const change = (i, key, value) => setEditing((e) => ({ ...e, list: e.list.map((h, j) => (j === i ? { ...h, [key]: value } : h)) }));
  const save = async () => {
    const list = editing.list.map(fileEntry);
    const document = Array.isArray(editing.document) ? list : { ...editing.document, hosts: list };
    // Written as the file was, changed only where edited.
    const { ok, body } = await api('/api/hosts', { method: 'PUT', text: writeJson(editing.text, document) });
    setFindings(body.diagnostics ?? []);
    if (ok) {
      setEditing(null);
      onSaved();
    }
  };

  if (!editing) {
    return (
      <div>
        {hosts.map((h) => <div key={h.name} className="muted">{h.name} ({h.address}, {h.cores} cores)</div>)}
        <button onClick={open} data-testid="edit-hosts">Edit machines</button>
        {findings.length > 0 && <Findings findings={findings} />}
      </div>
    );
  }
  return (
    <div className="hosts-editor" data-testid="hosts-editor">
      {editing.list.map((h, i) => (
        <div key={i} className="host-row">
          {FIELDS.map(([key, label]) => (
            <input key={key} placeholder={label} value={h[key] ?? ''} type="text" inputMode={key === 'cores' ? 'numeric' : undefined}
                   onChange={(e) => change(i, key, e.target.value)} data-testid={`host-${i}-${key}`} />
          ))}
          <button onClick={() => setEditing((e) => ({ ...e, list: e.list.filter((_, j) => j !== i) }))} title="remove">×</button>
        </div>
      ))}
      <button onClick={() => setEditing((e) => ({ ...e, list: [...e.list, { name: '', host: '', username: '', cores: '1' }] }))}>Add machine</button>
      <button onClick={save} data-testid="save-hosts">Save machines</button>
      <button onClick={() => setEditing(null)}>Cancel</button>
      {findings.length > 0 && <Findings findings={findings} />}
    </div>
  );
}
