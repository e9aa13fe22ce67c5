// Transparency: the exchange's figures for a chosen period, drawn as bar charts.
import { api, query } from './api.js';
import { el, fill, errorBox, labelled } from './dom.js';
import { barChart } from './chart.js';

const DAY = 86400000;

export function statsPage(root, ctx) {
  const today = new Date();
  const from = el('input', { type: 'date', value: isoDay(new Date(today.getTime() - 30 * DAY)), required: true });
  const to = el('input', { type: 'date', value: isoDay(new Date(today.getTime() + DAY)), required: true });
  const out = el('div', { id: 'stats-out', 'aria-live': 'polite' });
  const form = el('form', { class: 'filters', id: 'stats-form', 'aria-label': 'Period' },
    labelled('stats-from', 'From (UTC day)', from),
    labelled('stats-to', 'To (UTC day, exclusive)', to),
    el('button', { type: 'submit' }, 'Show'));
  const load = async () => {
    try {
      const s = await api('GET', `/v1/stats${query({ from: `${from.value}T00:00:00Z`, to: `${to.value}T00:00:00Z` })}`);
      if (ctx.stale()) return;
      fill(out,
        el('dl', { class: 'facts totals' },
          el('dt', {}, 'Values looked up'), el('dd', { id: 'stats-queries' }, String(s.queries)),
          el('dt', {}, 'Matches answered'), el('dd', { id: 'stats-matches' }, String(s.matches)),
          el('dt', {}, 'Period'), el('dd', {}, `${s.from} to ${s.to}`)),
        el('div', { class: 'charts' },
          barChart('chart-type', 'Active signals by type', s.active_by_type),
          barChart('chart-category', 'Active signals by category', s.active_by_category),
          barChart('chart-contrib', 'Signals shared in the period, by participant', s.contributions_by_participant),
          barChart('chart-lookups', 'Lookups in the period, by participant', s.lookups_by_participant),
          barChart('chart-opinions', 'Opinions given in the period', s.feedback_by_opinion)),
        el('p', { class: 'hint' }, ctx.me.roles.includes('admin')
          ? 'As an admin you see the whole exchange.'
          : 'Counts cover the signals you may see and your own activity.'));
    } catch (e) {
      fill(out, errorBox(e));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  root.append(el('h1', {}, 'Transparency'),
    el('p', {}, 'The figures a transparency report publishes, for the period you choose.'), form, out);
  return load();
}

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}
