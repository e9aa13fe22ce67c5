// Building the page without ever parsing data as HTML: every value becomes a text node or an
// attribute set through the DOM, so markup in a note or a URL is shown, never run.

/**
 * el('tag', {attr: value, class: 'x', on: {click: fn}}, ...children): children are nodes or
 * strings (turned into text nodes); null/false children are skipped.
 */
export function el(tag, attrs, ...children) {
  const node = tag === 'svg' || SVG_TAGS.has(tag)
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'on') {
        for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
      } else if (name === 'text') {
        node.textContent = String(value);
      } else if (name.startsWith('on')) {
        throw new Error('event handlers go through the "on" attribute');
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(node, children);
  return node;
}

const SVG_TAGS = new Set(['g', 'line', 'rect', 'circle', 'text', 'title', 'path', 'polyline', 'marker', 'defs', 'tspan']);

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes every child of node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replaces node's children. */
export function fill(node, ...children) {
  clear(node);
  append(node, children);
  return node;
}

/** Tells screen readers (the polite live region) what just happened. */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = '';
  // A new text node after a tick so that the same message twice is read twice.
  setTimeout(() => { status.textContent = message; }, 30);
}

/** "4 d", "3 h", "12 min", "now": the age of an ISO time. */
export function age(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '?';
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  if (s < 86400 * 365) return `${Math.floor(s / 86400)} d`;
  return `${(s / (86400 * 365)).toFixed(1)} y`;
}

/** A time element showing the age, with the exact time as its machine value and tooltip. */
export function ageCell(iso) {
  return el('time', { datetime: iso, title: iso }, age(iso));
}

/** An error message paragraph (role=alert) for an API error or anything thrown. */
export function errorBox(err) {
  const field = err && err.field ? ` (field: ${err.field})` : '';
  return el('p', { class: 'error', role: 'alert' }, `${err && err.message ? err.message : String(err)}${field}`);
}

/** A labelled form control: returns [label, control] wired by id. */
export function labelled(id, text, control, hint) {
  control.id = id;
  const parts = [el('label', { for: id }, text), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(el('span', { class: 'hint', id: hintId }, hint));
  }
  return el('div', { class: 'field' }, parts);
}

/** A signal id as a link to its page. */
export function signalLink(id, text) {
  return el('a', { href: `#/signal/${encodeURIComponent(id)}`, class: 'sid' }, text || shortId(id));
}

export function shortId(id) {
  return id.length > 14 ? `${id.slice(0, 12)}…` : id;
}

/** Opinion roll-up with counts: "confirmed (2 ✓, 0 ✗, 1 seen)". */
export function opinionText(rollup, counts) {
  if (!counts) return rollup || 'none';
  return `${rollup} (${counts.confirmed} confirmed, ${counts.false_positive} false positive, ${counts.seen} seen)`;
}
