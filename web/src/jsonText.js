// A JSON file's text as the loader reads it (comments and trailing commas allowed), kept with where each value
// stands in it, so that what the page writes back can keep what the musician wrote.

/** Parses text into a tree: { kind, start, end, value } with members ({ key, value }) or items; throws SyntaxError. */
export function parseTree(text) {
  let at = 0;
  const fail = (what) => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    throw new SyntaxError(`${what} at line ${line}, column ${at - before.lastIndexOf('\n')}`);
  };
  const space = () => {
    for (;;) {
      while (at < text.length && ' \t\r\n\uFEFF'.includes(text[at])) at++;
      if (text.startsWith('//', at)) {
        const end = text.indexOf('\n', at);
        at = end < 0 ? text.length : end + 1;
      } else if (text.startsWith('/*', at)) {
        const end = text.indexOf('*/', at + 2);
        if (end < 0) fail('an unclosed comment');
        at = end + 2;
      } else return;
    }
  };
  const string = () => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) fail('an unclosed string');
    at++;
    return JSON.parse(text.slice(start, at));
  };
  // The comments between one child of a container and the next (or its bracket), kept with them: those on the line
  // where the previous child ends as its `trail`, the others as the next one's `lead`; returns those of the last line.
  const note = (children, open, to) => {
    const previous = children.at(-1);
    const from = previous ? ('key' in previous ? previous.value : previous).end : open;
    const between = text.slice(from, to);
    const split = between.indexOf('\n');
    const comments = (part) => part.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [];
    if (previous) previous.trail = comments(split < 0 ? between : between.slice(0, split));
    return split < 0 ? [] : comments(between.slice(split));
  };
  const value = () => {
    space();
    const start = at;
    const c = text[at];
    if (c === '{') {
      at++;
      const members = [];
      for (space(); text[at] !== '}'; space()) {
        if (text[at] !== '"') fail('a property name expected');
        const keyStart = at;
        const lead = note(members, start + 1, keyStart);
        const key = string();
        const keyEnd = at;
        space();
        if (text[at] !== ':') fail("':' expected");
        at++;
        members.push({ key, keyStart, keyEnd, value: value(), lead });
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== '}') fail("',' or '}' expected");
      }
      const tail = note(members, start + 1, at);
      at++;
      return { kind: 'object', start, end: at, members, tail, value: Object.fromEntries(members.map((m) => [m.key, m.value.value])) };
    }
    if (c === '[') {
      at++;
      const items = [];
      for (space(); text[at] !== ']'; space()) {
        const lead = note(items, start + 1, at);
        items.push(Object.assign(value(), { lead }));
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== ']') fail("',' or ']' expected");
      }
      const tail = note(items, start + 1, at);
      at++;
      return { kind: 'array', start, end: at, items, tail, value: items.map((i) => i.value) };
    }
    if (c === '"') return { kind: 'scalar', start, value: string(), end: at };
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at));
    if (!literal) fail('a value expected');
    at += literal[0].length;
    return { kind: 'scalar', start, end: at, value: JSON.parse(literal[0]) };
  };
  const root = value();
  space();
  if (at < text.length) fail('text after the document');
  return root;
}

/** The value of a JSON file's text (comments and trailing commas allowed). */
export function parseJson(text) {
  return parseTree(text).value;
}

/** Equal as JSON values (an object's keys in any order). */
export function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `value` as the text of a file that held `original`: what did not change is written as it was (character for
 * character, comments inside it too), what changed is written in the style of what stood there (its indentation, its
 * keys' order, one line or many, its separators), new keys after the old. Without an original that reads, four spaces.
 */
export function writeJson(original, value) {
  let root;
  try {
    root = original === null ? null : parseTree(original);
  } catch {
    root = null;
  }
  if (root === null) return JSON.stringify(value, null, 4) + '\n';
  const text = original;
  const unit = indentUnit(text);
  const lineIndent = (at) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))[0];
  const multiline = (node) => text.slice(node.start, node.end).includes('\n');

  // How the members or items of a container stand in the original: on lines of their own (and how indented), or on
  // one line (and whether the brackets are padded); the separators between a key and its value and between members.
  const styleOf = (node, indent, parent) => {
    const children = node.kind === 'object' ? node.members : node.items;
    if (children.length === 0) return freshStyle(indent, parent);
    const first = children[0];
    const firstStart = first ? (node.kind === 'object' ? first.keyStart : first.start) : null;
    const lines = multiline(node);
    const style = {
      lines,
      indent: lines && first ? lineIndent(firstStart) : indent + unit,
      pad: !lines && first !== undefined && text[node.start + 1] === ' ',
      colon: node.kind === 'object' && first ? text.slice(first.keyEnd, first.value.start) : ': ',
      comma: ', ',
    };
    if (!lines && children.length > 1) {
      const end = node.kind === 'object' ? children[0].value.end : children[0].end;
      const next = node.kind === 'object' ? children[1].keyStart : children[1].start;
      style.comma = text.slice(end, next);
    }
    return style;
  };

  // Where nothing stood to take a style from: that of the container it is in (on lines of its own or not), else
  // lines of their own.
  const freshStyle = (indent, parent) => ({
    lines: parent ? parent.lines : true,
    indent: indent + unit,
    pad: parent?.pad ?? false,
    colon: parent?.colon ?? ': ',
    comma: parent?.comma ?? ', ',
  });

  const fresh = (v, indent, like, parent) => {
    if (like && like.kind !== 'scalar' && (isObject(v) || Array.isArray(v)) && (like.kind === 'object') === isObject(v)) {
      return container(null, v, indent, styleOf(like, indent, parent), like);
    }
    if (isObject(v) || Array.isArray(v)) {
      // Of scalars alone (a place, {"x": 40, "y": 40}): on one line.
      const flat = Object.values(v).every((c) => typeof c !== 'object' || c === null);
      const style = freshStyle(indent, parent);
      return container(null, v, indent, flat ? { ...style, lines: false, comma: ', ' } : style, null);
    }
    return JSON.stringify(v);
  };

  // A container written anew: each member kept as it was where unchanged, else written in the style of what stood
  // there (or of its first sibling, for one that is new).
  const container = (node, v, indent, style, like) => {
    const object = isObject(v);
    const [open, close] = object ? ['{', '}'] : ['[', ']'];
    const parts = [];
    if (object) {
      const old = new Map((node?.members ?? []).map((m) => [m.key, m]));
      const newKeys = Object.keys(v);
      // A member renamed keeps its place and its text: the old key's member whose key is gone and value is the same.
      const gone = (node?.members ?? []).filter((m) => !Object.hasOwn(v, m.key));
      const renamed = new Map();
      for (const k of newKeys) {
        if (old.has(k)) continue;
        const match = gone.find((m) => !renamed.has(m.key) && sameJson(m.value.value, v[k]));
        if (match) renamed.set(match.key, k);
      }
      const order = [];
      for (const m of node?.members ?? []) {
        if (Object.hasOwn(v, m.key)) order.push([m.key, m]);
        else if (renamed.has(m.key)) order.push([renamed.get(m.key), m]);
      }
      for (const k of newKeys) if (!order.some(([key]) => key === k)) order.push([k, null]);
      const sibling = node?.members[0]?.value ?? like?.members?.[0]?.value ?? null;
      // Each member that stood there keeps its key as written and its own separator before the value.
      for (const [k, member] of order) {
        const colon = member ? text.slice(member.keyEnd, member.value.start) : style.colon;
        const name = member && member.key === k ? text.slice(member.keyStart, member.keyEnd) : JSON.stringify(k);
        parts.push({ from: member, body: name + colon + write(member?.value ?? null, v[k], style.lines ? style.indent : indent, sibling, style) });
      }
    } else {
      const items = node?.items ?? [];
      const used = new Set();
      const sibling = items[0] ?? like?.items?.[0] ?? null;
      v.forEach((item, i) => {
        let child = items[i] && !used.has(i) && sameJson(items[i].value, item) ? i : items.findIndex((o, j) => !used.has(j) && sameJson(o.value, item));
        if (child < 0 && items[i] && !used.has(i)) child = i;
        if (child >= 0) used.add(child);
        const from = child >= 0 ? items[child] : null;
        parts.push({ from, body: write(from, item, style.lines ? style.indent : indent, sibling, style) });
      });
    }
    if (parts.length === 0) return open + close;
    if (style.lines) {
      // The comments that stood with a member stay with it: the lines above it, the end of its line.
      const lines = [];
      parts.forEach(({ from, body }, i) => {
        for (const comment of from?.lead ?? []) lines.push(style.indent + comment);
        const trail = from?.trail?.length ? ` ${from.trail.join(' ')}` : '';
        lines.push(style.indent + body + (i < parts.length - 1 ? ',' : '') + trail);
      });
      for (const comment of node?.tail ?? []) lines.push(style.indent + comment);
      return `${open}\n${lines.join('\n')}\n${indent}${close}`;
    }
    const pad = style.pad ? ' ' : '';
    return open + pad + parts.map((p) => p.body).join(style.comma) + pad + close;
  };

  // One value where `node` stood (null: nothing did), at a line indented by `indent`.
  const write = (node, v, indent, like, parent) => {
    if (node && sameJson(node.value, v)) return text.slice(node.start, node.end);
    if (node && node.kind !== 'scalar' && (isObject(v) || Array.isArray(v)) && (node.kind === 'object') === isObject(v)) {
      return container(node, v, indent, styleOf(node, indent, parent), null);
    }
    return fresh(v, indent, node ?? like, parent);
  };

  return text.slice(0, root.start) + write(root, value, lineIndent(root.start), null, null) + text.slice(root.end);
}

/** The file's step of indentation: the least a line is indented by, else four spaces. */
function indentUnit(text) {
  const indents = text.split('\n').map((line) => /^[ \t]*/.exec(line)[0]).filter((i) => i.length > 0);
  if (indents.some((i) => i.startsWith('\t'))) return '\t';
  const least = Math.min(...indents.map((i) => i.length));
  return Number.isFinite(least) ? ' '.repeat(least) : '    ';
}
