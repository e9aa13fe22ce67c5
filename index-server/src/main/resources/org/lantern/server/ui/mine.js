// My signals (filtered, paged by the server's cursor) and the feedback others gave on them.
import { api, query } from './api.js';
import { el, fill, announce, errorBox, labelled, signalLink, ageCell } from './dom.js';

const TYPES = ['pdq', 'phash', 'dhash', 'md5', 'sha1', 'sha256', 'url', 'keyword', 'username', 'email'];
const PAGE = 25;
const MAX_EMPTY_PAGES = 20; // pages the server may answer empty (bounded scan) before we stop asking

export function minePage(root, ctx) {
  const type = el('select', {}, el('option', { value: '' }, 'Any'), TYPES.map((t) => el('option', { value: t }, t)));
  const status = el('select', {}, ['', 'active', 'retracted', 'expired'].map((s) => el('option', { value: s }, s || 'Any')));
  const category = el('select', {}, el('option', { value: '' }, 'Any'), ctx.me.categories.map((c) => el('option', { value: c }, c)));
  const list = el('div', { id: 'mine-list', 'aria-live': 'polite' });
  const older = el('button', { type: 'button', id: 'mine-older', hidden: true }, 'Older signals');
  const newest = el('button', { type: 'button', class: 'secondary', id: 'mine-newest', hidden: true }, 'Back to the newest');
  const filters = el('form', { class: 'filters', id: 'mine-filters', 'aria-label': 'Filter my signals' },
    labelled('mine-type', 'Type', type),
    labelled('mine-status', 'Status', status),
    labelled('mine-category', 'Category', category),
    el('button', { type: 'submit' }, 'Show'));
  let cursor = 0;
  const load = async () => {
    fill(list, el('p', { class: 'busy' }, 'Loading…'));
    try {
      let page;
      let empty = 0;
      do {
        page = await api('GET', `/v1/signals${query({
          contributor: 'me', type: type.value, status: status.value, category: category.value, cursor, limit: PAGE,
        })}`);
        cursor = page.next_cursor;
      } while (page.signals.length === 0 && page.more && ++empty < MAX_EMPTY_PAGES);
      if (ctx.stale()) return;
      older.hidden = !page.more;
      showSignals(list, page.signals);
      announce(`${page.signals.length} signals`);
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  filters.addEventListener('submit', (event) => { event.preventDefault(); cursor = 0; newest.hidden = true; load(); });
  older.addEventListener('click', () => { newest.hidden = false; load(); });
  newest.addEventListener('click', () => { cursor = 0; newest.hidden = true; load(); });
  root.append(el('h1', {}, 'My signals'),
    el('p', {}, 'What you shared, newest change first.'), filters, list, el('div', { class: 'pager' }, newest, older));
  return load();
}

function showSignals(list, signals) {
  if (signals.length === 0) {
    fill(list, el('p', { class: 'none' }, 'No signal matches these filters.'));
    return;
  }
  fill(list, el('div', { class: 'scroll' }, el('table', { class: 'matches', id: 'mine-table' },
    el('caption', {}, `${signals.length} signal${signals.length === 1 ? '' : 's'}`),
    el('thead', {}, el('tr', {}, ['Signal', 'Type', 'Value', 'Categories', 'Status', 'Visible to', 'Derived from', 'Created']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, signals.map((s) => el('tr', {},
      el('td', {}, signalLink(s.id)),
      el('td', {}, s.type),
      el('td', { class: 'value' }, s.value),
      el('td', {}, s.categories.join(', ') || '—'),
      el('td', {}, s.status),
      el('td', {}, s.visibility === 'all' ? 'all' : s.visibility.join(', ')),
      el('td', {}, s.derived_from.length ? s.derived_from.map((d, i) => [i ? ', ' : '', signalLink(d)]) : '—'),
      el('td', {}, ageCell(s.created))))))));
}

export async function feedbackPage(root, ctx) {
  const list = el('div', { id: 'feedback-list' });
  const more = el('button', { type: 'button', id: 'feedback-more', hidden: true }, 'Show more');
  root.append(el('h1', {}, 'Feedback on my signals'),
    el('p', {}, 'What other participants said about the signals you shared, newest first.'), list, more);
  let limit = 50;
  const load = async () => {
    try {
      const answer = await api('GET', `/v1/feedback${query({ limit })}`);
      if (ctx.stale()) return;
      const rows = answer.feedback;
      more.hidden = rows.length < limit || limit >= 1000;
      if (rows.length === 0) {
        fill(list, el('p', { class: 'none' }, 'No feedback yet.'));
        return;
      }
      fill(list, el('div', { class: 'scroll' }, el('table', { class: 'matches', id: 'feedback-table' },
        el('caption', {}, `${rows.length} opinion${rows.length === 1 ? '' : 's'}`),
        el('thead', {}, el('tr', {}, ['Signal', 'From', 'Opinion', 'Note', 'When'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map((f) => el('tr', {},
          el('td', {}, signalLink(f.signal_id)),
          el('td', {}, f.participant),
          el('td', {}, f.opinion.replace('_', ' ')),
          el('td', { class: 'note' }, f.note || '—'),
          el('td', {}, ageCell(f.time))))))));
    } catch (e) {
      fill(list, errorBox(e));
    }
  };
  more.addEventListener('click', () => { limit = Math.min(1000, limit * 4); load(); });
  await load();
}
