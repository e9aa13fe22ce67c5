// A signal's page: its fields, where it came from and what it led to (only what you may see),
// the opinions on it and yours, retracting it if it is yours, and sharing back what it led to.
import { api } from './api.js';
import { el, fill, announce, errorBox, labelled, signalLink, ageCell, shortId } from './dom.js';
import { provenanceGraph } from './chart.js';
import { shareForm } from './share.js';

const OPINIONS = [
  ['confirmed', 'Confirmed', 'It was what the signal says.'],
  ['false_positive', 'False positive', 'It was not.'],
  ['seen', 'Seen', 'Looked at, no conclusion.'],
];

export async function signalPage(root, ctx) {
  const id = ctx.arg;
  if (!id) {
    root.append(el('h1', {}, 'Signal'), el('p', {}, 'No signal chosen: open one from a lookup or from My signals.'));
    return;
  }
  let provenance;
  let opinions;
  try {
    [provenance, opinions] = await Promise.all([
      api('GET', `/v1/signals/${encodeURIComponent(id)}/provenance`),
      api('GET', `/v1/signals/${encodeURIComponent(id)}/opinion`),
    ]);
  } catch (e) {
    if (ctx.stale()) return;
    root.append(el('h1', {}, 'Signal'),
      e.status === 404 ? el('p', { class: 'error', role: 'alert', id: 'signal-missing' }, 'No signal with this id that you may see.') : errorBox(e));
    return;
  }
  if (ctx.stale()) return;
  const s = provenance.signal;
  const graphBox = el('div', { class: 'graph-box' });
  const opinionBox = el('div', { class: 'opinion-box' });
  root.append(
    el('h1', {}, `Signal ${shortId(s.id)}`),
    fields(s),
    el('section', { 'aria-labelledby': 'prov-title', class: 'card' }, el('h2', { id: 'prov-title' }, 'Provenance'), graphBox),
    el('section', { 'aria-labelledby': 'op-title', class: 'card' }, el('h2', { id: 'op-title' }, 'Opinions'), opinionBox),
    retractSection(s, ctx),
    shareSection(s, ctx, () => refreshGraph(graphBox, s.id)));
  drawGraph(graphBox, provenance);
  showOpinions(opinionBox, s, opinions);
}

function fields(s) {
  const row = (name, value) => [el('dt', {}, name), el('dd', {}, value)];
  return el('dl', { class: 'facts', id: 'signal-fields' },
    row('Id', el('span', { class: 'hex' }, s.id)),
    row('Type', s.type),
    row('Value', el('span', { class: 'value', id: 'signal-value' }, s.value)),
    row('Contributor', s.contributor),
    row('Categories', s.categories.join(', ') || '—'),
    row('Note', el('span', { id: 'signal-note' }, s.note || '—')),
    row('Status', el('span', { id: 'signal-status' }, s.status)),
    row('Created', [s.created, ' (age: ', ageCell(s.created), ')']),
    row('Updated', s.updated),
    row('Expires', s.expires || 'never'),
    row('Visible to', s.visibility === 'all' ? 'all participants' : ['the contributor and ', s.visibility.join(', ')]),
    row('Derived from', s.derived_from.length ? s.derived_from.map((d, i) => [i ? ', ' : '', signalLink(d)]) : '—'));
}

async function refreshGraph(box, id) {
  try {
    drawGraph(box, await api('GET', `/v1/signals/${encodeURIComponent(id)}/provenance`));
  } catch (e) {
    fill(box, errorBox(e));
  }
}

function drawGraph(box, p) {
  const label = (x) => `${x.type} ${x.value.length > 24 ? `${x.value.slice(0, 22)}…` : x.value}`;
  const list = (title, items, id) => el('div', { class: 'prov-list' }, el('h3', {}, title),
    items.length
      ? el('ul', { id }, items.map((x) => el('li', {}, signalLink(x.id), ` ${label(x)} — ${x.contributor}`)))
      : el('p', { class: 'none' }, 'none you may see'));
  fill(box,
    provenanceGraph(p.signal, p.derived_from, p.derived, (sid) => { location.hash = `#/signal/${encodeURIComponent(sid)}`; }),
    el('div', { class: 'prov-lists' },
      list('Derived from', p.derived_from, 'prov-from'),
      list('Led to', p.derived, 'prov-led')));
}

function showOpinions(box, s, o) {
  const counts = o.opinions;
  const status = el('p', { class: 'hint', role: 'status' });
  const radios = OPINIONS.map(([value, text, hint]) => el('label', { class: 'kind' },
    el('input', { type: 'radio', name: 'opinion', value, checked: counts.mine === value }), ` ${text} `, el('span', { class: 'hint' }, hint)));
  const note = el('textarea', { rows: 3, maxlength: 2000 });
  const form = el('form', { class: 'stack', id: 'opinion-form', 'aria-label': 'Your opinion' },
    el('fieldset', {}, el('legend', {}, 'Your opinion'), radios),
    labelled('opinion-note', 'Note for the contributor (optional)', note, 'The contributor sees it with your participant id. No e-mail addresses or other personal data.'),
    el('button', { type: 'submit' }, 'Save opinion'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name=opinion]:checked');
    if (!chosen) { fill(status, 'Choose an opinion first.'); return; }
    try {
      const now = await api('PUT', `/v1/signals/${encodeURIComponent(s.id)}/opinion`, { opinion: chosen.value, note: note.value });
      fill(summary, summaryText(now.opinions, now.opinion));
      fill(status, `Saved: ${chosen.value.replace('_', ' ')}.`);
      announce('Opinion saved');
    } catch (e) {
      fill(status, errorBox(e));
    }
  });
  const summary = el('p', { id: 'opinion-summary' }, summaryText(counts, o.opinion));
  fill(box, summary, form);
}

function summaryText(c, rollup) {
  return `${rollup.replace('_', ' ')}: ${c.confirmed} confirmed, ${c.false_positive} false positive, ${c.seen} seen`
    + (c.mine ? `; yours: ${c.mine.replace('_', ' ')}` : '; you have given none');
}

function retractSection(s, ctx) {
  if (s.contributor !== ctx.me.id || s.status !== 'active') return null;
  const result = el('p', { role: 'status' });
  const confirm = el('button', { type: 'button', class: 'danger', hidden: true, id: 'retract-confirm' }, 'Yes, retract it');
  const ask = el('button', { type: 'button', id: 'retract' }, 'Retract this signal');
  ask.addEventListener('click', () => {
    confirm.hidden = false;
    fill(result, 'Retracting stops it matching for everyone; it stays on record as retracted.');
    confirm.focus();
  });
  confirm.addEventListener('click', async () => {
    try {
      const after = await api('POST', `/v1/signals/${encodeURIComponent(s.id)}/retract`);
      confirm.hidden = true;
      ask.hidden = true;
      fill(result, `Retracted (status: ${after.status}).`);
      const status = document.getElementById('signal-status');
      if (status) status.textContent = after.status;
      announce('Signal retracted');
    } catch (e) {
      fill(result, errorBox(e));
    }
  });
  return el('section', { 'aria-labelledby': 'retract-title', class: 'card' },
    el('h2', { id: 'retract-title' }, 'Retract'), el('p', {}, 'You shared this signal.'), ask, confirm, result);
}

function shareSection(s, ctx, shared) {
  const canShare = ctx.me.roles.includes('contributor') || ctx.me.roles.includes('admin');
  return el('section', { 'aria-labelledby': 'share-title', class: 'card' },
    el('h2', { id: 'share-title' }, 'Share what this led to'),
    canShare ? shareForm(s, ctx, shared)
      : el('p', {}, 'Sharing needs the contributor role; your key has: ', ctx.me.roles.join(', ') || 'none', '.'));
}
