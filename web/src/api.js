// Talking to `orchestra serve`: the token (given once as #token=... in the address) rides on every call.
const fromAddress = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromAddress) sessionStorage.setItem('orchestra-token', fromAddress);
const token = sessionStorage.getItem('orchestra-token');

function headers(extra = {}) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

/**
 * JSON in, JSON out; the answer's status comes along (422 carries located findings). `text` is a body of JSON text
 * sent as it is (a file's own text, whose findings are located in it).
 */
export async function api(path, { method = 'GET', body, text } = {}) {
  const sent = text ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(path, {
    method,
    headers: headers(sent === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: sent,
  });
  const answer = await response.text();
  return { status: response.status, ok: response.ok, body: answer ? JSON.parse(answer) : null };
}

/** Server-sent events (read with fetch, which can carry the token): calls onEvent for each until "done". */
export async function followEvents(onEvent) {
  const response = await fetch('/api/events', { headers: headers() });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!chunk.startsWith('data: ')) continue;
      const event = JSON.parse(chunk.slice(6));
      onEvent(event);
      if (event.event === 'done') {
        reader.cancel();
        return;
      }
    }
  }
}

/** The listener's audio: a WebSocket (its token as the subprotocol, since a browser cannot set its headers). */
export function listenSocket() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/listen`;
  const socket = token ? new WebSocket(url, [`bearer.${token}`]) : new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  return socket;
}
