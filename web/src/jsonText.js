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
        const key = string();
        space();
        if (text[at] !== ':') fail("':' expected");
        at++;
        members.push({ key, keyStart, value: value() });
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== '}') fail("',' or '}' expected");
      }
      at++;
      return { kind: 'object', start, end: at, members, value: Object.fromEntries(members.map((m) => [m.key, m.value.value])) };
    }
    if (c === '[') {
      at++;
      const items = [];
      for (space(); text[at] !== ']'; space()) {
        items.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] !== ']') fail("',' or ']' expected");
      }
      at++;
      return { kind: 'array', start, end: at, items, value: items.map((i) => i.value) };
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
