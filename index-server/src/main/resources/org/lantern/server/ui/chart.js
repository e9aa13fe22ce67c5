// Drawings made with our own code, as SVG built through the DOM (text nodes only): the provenance
// graph of a signal and horizontal bar charts for the transparency figures.
import { el } from './dom.js';

const NODE_W = 170;
const NODE_H = 40;
const GAP_X = 60;
const GAP_Y = 14;

/**
 * Provenance as columns: ancestors to the left (one column per step), the signal in the middle,
 * what it led to on the right; an arrow per derived_from link between shown signals. Only the
 * signals passed in are drawn: the caller gets them from the API, which leaves out what the
 * participant may not see.
 */
export function provenanceGraph(root, ancestors, descendants, open) {
  const all = new Map([[root.id, root]]);
  for (const s of [...ancestors, ...descendants]) all.set(s.id, s);
  const level = new Map([[root.id, 0]]);
  // Ancestors: walk derived_from links backwards from the root.
  let frontier = [root];
  while (frontier.length) {
    const next = [];
    for (const s of frontier) {
      for (const parent of s.derived_from) {
        if (all.has(parent) && !level.has(parent)) {
          level.set(parent, level.get(s.id) - 1);
          next.push(all.get(parent));
        }
      }
    }
    frontier = next;
  }
  // Descendants: signals whose derived_from names one already placed on the right.
  frontier = [root];
  while (frontier.length) {
    const next = [];
    for (const s of frontier) {
      for (const child of descendants) {
        if (!level.has(child.id) && child.derived_from.includes(s.id)) {
          level.set(child.id, level.get(s.id) + 1);
          next.push(child);
        }
      }
    }
    frontier = next;
  }
  const columns = new Map();
  for (const [id, l] of level) {
    if (!columns.has(l)) columns.set(l, []);
    columns.get(l).push(all.get(id));
  }
  const levels = [...columns.keys()].sort((a, b) => a - b);
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  const width = levels.length * NODE_W + (levels.length - 1) * GAP_X + 20;
  const height = tallest * NODE_H + (tallest - 1) * GAP_Y + 20;
  const pos = new Map();
  levels.forEach((l, ci) => {
    const col = columns.get(l);
    const top = (height - (col.length * NODE_H + (col.length - 1) * GAP_Y)) / 2;
    col.forEach((s, ri) => pos.set(s.id, { x: 10 + ci * (NODE_W + GAP_X), y: top + ri * (NODE_H + GAP_Y) }));
  });
  const svg = el('svg', {
    class: 'provenance', id: 'provenance-graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `Provenance graph: ${ancestors.length} signal(s) it was derived from, ${descendants.length} it led to`,
  });
  svg.append(el('defs', {}, el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
  for (const s of all.values()) {
    if (!pos.has(s.id)) continue;
    for (const parent of s.derived_from) {
      if (!pos.has(parent)) continue;
      const a = pos.get(parent);
      const b = pos.get(s.id);
      svg.append(el('line', { x1: a.x + NODE_W, y1: a.y + NODE_H / 2, x2: b.x, y2: b.y + NODE_H / 2, class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
  }
  for (const s of all.values()) {
    const p = pos.get(s.id);
    if (!p) continue;
    const text = `${s.type} ${s.value}`;
    const g = el('g', { class: s.id === root.id ? 'node root' : 'node', 'data-id': s.id, transform: `translate(${p.x} ${p.y})` },
      el('title', {}, `${text} (${s.contributor})`),
      el('rect', { width: NODE_W, height: NODE_H, rx: 6 }),
      el('text', { x: 8, y: 16 }, text.length > 23 ? `${text.slice(0, 22)}…` : text),
      el('text', { x: 8, y: 32, class: 'sub' }, s.contributor));
    if (s.id !== root.id) g.addEventListener('click', () => open(s.id));
    svg.append(g);
  }
  return el('div', { class: 'scroll' }, svg);
}

/**
 * A horizontal bar chart of {label: count}, largest first; the numbers are also written out, so
 * the chart reads without colour and its aria-label says what it shows.
 */
export function barChart(id, title, counts) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const labelW = 150;
  const barW = 260;
  const rowH = 24;
  const height = Math.max(1, entries.length) * rowH + 8;
  const max = Math.max(1, ...entries.map((e) => e[1]));
  const svg = el('svg', {
    class: 'bars', id, viewBox: `0 0 ${labelW + barW + 70} ${height}`, width: labelW + barW + 70, height, role: 'img',
    'aria-label': `${title}: ${entries.map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing in this period'}`,
  });
  if (entries.length === 0) {
    svg.append(el('text', { x: 4, y: 18 }, 'nothing in this period'));
  }
  entries.forEach(([label, value], i) => {
    const y = 4 + i * rowH;
    svg.append(
      el('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end' }, label.length > 22 ? `${label.slice(0, 21)}…` : label),
      el('rect', { x: labelW, y: y + 3, width: Math.max(1, (value / max) * barW), height: rowH - 8, class: 'bar' }),
      el('text', { x: labelW + (value / max) * barW + 6, y: y + 15 }, String(value)));
  });
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), el('div', { class: 'scroll' }, svg));
}
