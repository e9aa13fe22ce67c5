// Share back: new signals derived from the one on the page, with categories, recipients chosen
// from the exchange's participant list (never typed), and an expiry; one result line per signal.
import { api } from './api.js';
import { el, fill, announce, errorBox, labelled, signalLink } from './dom.js';

const TYPES = ['username', 'email', 'url', 'pdq', 'md5', 'sha1', 'sha256', 'phash', 'dhash', 'keyword'];

export function shareForm(origin, ctx, shared) {
  const rows = el('div', { class: 'share-rows', id: 'share-rows' });
  let counter = 0;
  const addRow = () => {
    const n = ++counter;
    const type = el('select', {}, TYPES.map((t) => el('option', { value: t }, t)));
    const value = el('input', { type: 'text', spellcheck: 'false', autocomplete: 'off' });
    const row = el('fieldset', { class: 'share-row' }, el('legend', {}, `Signal ${n}`),
      labelled(`share-type-${n}`, 'Type', type),
      labelled(`share-value-${n}`, 'Value', value),
      el('button', { type: 'button', class: 'link', on: { click: () => { row.remove(); } } }, `Remove signal ${n}`));
    rows.append(row);
    return value;
  };
  addRow();
  const cats = el('fieldset', { class: 'checks', id: 'share-categories' }, el('legend', {}, 'Categories'),
    ctx.me.categories.map((c) => el('label', {}, el('input', { type: 'checkbox', value: c, name: 'category' }), ` ${c}`)));
  const note = el('textarea', { rows: 2, maxlength: 2000 });
  const expires = el('input', { type: 'date' });
  const recipients = el('div', { class: 'checks', id: 'share-recipients', hidden: true });
  const visibility = el('fieldset', { id: 'share-visibility' }, el('legend', {}, 'Who may see them'),
    el('label', {}, el('input', { type: 'radio', name: 'visibility', value: 'all', checked: true, on: { change: () => { recipients.hidden = true; } } }), ' All participants'),
    el('label', {}, el('input', { type: 'radio', name: 'visibility', value: 'chosen', id: 'share-chosen', on: { change: () => { recipients.hidden = false; loadRecipients(recipients, ctx); } } }), ' Chosen participants'),
    recipients);
  const results = el('div', { id: 'share-results', 'aria-live': 'polite' });
  const form = el('form', { class: 'stack', id: 'share-form', 'aria-label': 'Share what this led to' },
    el('p', {}, 'Each new signal is recorded as derived from ', signalLink(origin.id), '.'),
    rows,
    el('button', { type: 'button', class: 'secondary', on: { click: () => addRow().focus() } }, 'Add another signal'),
    cats,
    labelled('share-note', 'Note (optional)', note, 'What you found; no personal data.'),
    labelled('share-expires', 'Expires (optional)', expires, 'Matching stops at the start of this day (UTC).'),
    visibility,
    el('button', { type: 'submit' }, 'Share'),
    results);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const categories = [...cats.querySelectorAll('input:checked')].map((c) => c.value);
    const chosen = form.querySelector('input[name=visibility]:checked').value;
    let vis = 'all';
    if (chosen === 'chosen') {
      vis = [...recipients.querySelectorAll('input:checked')].map((c) => c.value);
      if (vis.length === 0) {
        fill(results, errorBox({ message: 'Choose at least one participant, or share with all.', field: 'visibility' }));
        return;
      }
    }
    const entries = [...rows.querySelectorAll('.share-row')].map((row) => ({
      type: row.querySelector('select').value,
      value: row.querySelector('input').value.trim(),
    })).filter((e) => e.value !== '');
    if (entries.length === 0) {
      fill(results, errorBox({ message: 'Give at least one value to share.', field: 'value' }));
      return;
    }
    const signals = entries.map((e) => {
      const sig = { type: e.type, value: e.value, categories, derived_from: [origin.id], visibility: vis };
      if (note.value.trim()) sig.note = note.value.trim();
      if (expires.value) sig.expires = `${expires.value}T00:00:00Z`;
      return sig;
    });
    try {
      const answer = await api('POST', '/v1/signals', { signals });
      fill(results, el('ul', { class: 'share-results' }, answer.results.map((r) => {
        const e = entries[r.index];
        return el('li', { class: r.status === 'rejected' ? 'rejected' : 'accepted' },
          `${e.type} ${e.value}: ${r.status}`,
          r.id ? [' — ', signalLink(r.id)] : null,
          r.error ? ` — ${r.error.message}${r.error.field ? ` (field: ${r.error.field})` : ''}` : null);
      })));
      const ok = answer.results.filter((r) => r.status !== 'rejected').length;
      announce(`${ok} of ${answer.results.length} shared`);
      if (ok) shared();
    } catch (e) {
      fill(results, errorBox(e));
    }
  });
  return form;
}

async function loadRecipients(box, ctx) {
  if (box.dataset.loaded) return;
  fill(box, el('p', {}, 'Loading participants…'));
  try {
    const { participants } = await api('GET', '/v1/participants');
    const others = participants.filter((p) => p.id !== ctx.me.id);
    fill(box, others.length
      ? others.map((p) => el('label', {}, el('input', { type: 'checkbox', name: 'recipient', value: p.id }),
        ` ${p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id}`))
      : el('p', {}, 'No other active participant.'));
    box.dataset.loaded = 'yes';
  } catch (e) {
    fill(box, errorBox(e));
  }
}
