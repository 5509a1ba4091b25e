// Dashboard (Chart.js) and the audit log.
import { api } from './api.js';
import { el, formatDateTime, t } from './dom.js';

let chartLibrary = null;
function loadChartJs() {
  chartLibrary ??= new Promise((resolve, reject) => {
    const script = el('script', { src: '/console/vendor/chart.umd.js' });
    script.addEventListener('load', () => resolve(window.Chart));
    script.addEventListener('error', reject);
    document.head.append(script);
  });
  return chartLibrary;
}

function chartCard(titleKey, id) {
  return el('section', { class: 'card' }, el('h2', {}, t(titleKey)), el('div', { class: 'chart' }, el('canvas', { id })));
}

function stackedSeries(series, keys, labelsKey) {
  return keys.map((key) => ({ label: t(`${labelsKey}.${key}`), data: series.map((day) => day.counts[key] ?? 0) }));
}

export async function renderDashboard() {
  const [stats, Chart] = await Promise.all([api('GET', '/api/console/stats'), loadChartJs()]);
  const median = stats.medianHoursToFirstReply === null ? t('dashboard.noReplies') : t('dashboard.medianReply', { hours: stats.medianHoursToFirstReply.toFixed(1) });
  const section = el('section', { id: 'dashboard' }, el('h1', {}, t('dashboard.title')), el('p', { class: 'card', id: 'median-reply' }, median),
    chartCard('dashboard.perDayByKind', 'chart-kind'), chartCard('dashboard.perDayByCategory', 'chart-category'), chartCard('dashboard.perLocality', 'chart-locality'));
  // Charts need their canvas in the document to measure it: draw once the view is shown.
  setTimeout(() => {
    const options = { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } };
    new Chart(section.querySelector('#chart-kind'), { type: 'bar', data: { labels: stats.perDayByKind.map((day) => day.day), datasets: stackedSeries(stats.perDayByKind, ['complaint', 'denunciation', 'petition'], 'kinds') }, options });
    new Chart(section.querySelector('#chart-category'), { type: 'bar', data: { labels: stats.perDayByCategory.map((day) => day.day), datasets: stackedSeries(stats.perDayByCategory, ['voter_list', 'candidate', 'polling', 'results', 'campaigning', 'other'], 'categories') }, options });
    new Chart(section.querySelector('#chart-locality'), { type: 'bar', data: { labels: stats.perLocality.map((row) => row.name ?? row.code), datasets: [{ label: t('dashboard.open'), data: stats.perLocality.map((row) => row.open) }, { label: t('dashboard.overdue'), data: stats.perLocality.map((row) => row.overdue) }] }, options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y' } });
  }, 0);
  return section;
}

export async function renderAudit() {
  const tbody = el('tbody');
  const more = el('button', { type: 'button', class: 'secondary' }, t('audit.more'));
  const status = el('p', { class: 'card', id: 'audit-chain' });
  async function load(before) {
    const page = await api('GET', `/api/console/audit${before ? `?before=${before}` : ''}`);
    status.textContent = page.chainBreakAt === null ? t('audit.intact') : t('audit.broken', { id: page.chainBreakAt });
    status.classList.toggle('error', page.chainBreakAt !== null);
    tbody.append(...page.entries.map((entry) => el('tr', {}, el('td', {}, formatDateTime(entry.at)), el('td', {}, entry.officer ?? ''), el('td', {}, entry.action), el('td', {}, [entry.targetType, entry.targetId].filter(Boolean).join(' ')))));
    const last = page.entries.at(-1);
    more.hidden = page.entries.length < 50 || !last;
    more.onclick = () => load(last.id);
  }
  await load();
  return el('section', { id: 'audit' }, el('h1', {}, t('audit.title')), status,
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('audit.at')), el('th', {}, t('audit.officer')), el('th', {}, t('audit.action')), el('th', {}, t('audit.target')))), tbody), more);
}
