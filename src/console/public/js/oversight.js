// Dashboard (Chart.js) and the audit log.
import { api, ApiError } from './api.js';
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
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t(titleKey)),
    el('div', { class: 'chart' }, el('canvas', { id })),
  );
}

function stackedSeries(series, keys, labelsKey) {
  return keys.map((key) => ({ label: t(`${labelsKey}.${key}`), data: series.map((day) => day.counts[key] ?? 0) }));
}

export async function renderDashboard() {
  const [stats, Chart] = await Promise.all([api('GET', '/api/console/stats'), loadChartJs()]);
  const median =
    stats.medianHoursToFirstReply === null
      ? t('dashboard.noReplies')
      : t('dashboard.medianReply', { hours: stats.medianHoursToFirstReply.toFixed(1) });
  const section = el(
    'section',
    { id: 'dashboard' },
    el('h1', {}, t('dashboard.title')),
    el('p', { class: 'card', id: 'median-reply' }, median),
    chartCard('dashboard.perDayByKind', 'chart-kind'),
    chartCard('dashboard.perDayByCategory', 'chart-category'),
    chartCard('dashboard.perLocality', 'chart-locality'),
  );
  // Charts need their canvas in the document to measure it: draw once the view is shown.
  setTimeout(() => {
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
    };
    new Chart(section.querySelector('#chart-kind'), {
      type: 'bar',
      data: {
        labels: stats.perDayByKind.map((day) => day.day),
        datasets: stackedSeries(stats.perDayByKind, ['complaint', 'denunciation', 'petition'], 'kinds'),
      },
      options,
    });
    new Chart(section.querySelector('#chart-category'), {
      type: 'bar',
      data: {
        labels: stats.perDayByCategory.map((day) => day.day),
        datasets: stackedSeries(
          stats.perDayByCategory,
          ['voter_list', 'candidate', 'polling', 'results', 'campaigning', 'other'],
          'categories',
        ),
      },
      options,
    });
    new Chart(section.querySelector('#chart-locality'), {
      type: 'bar',
      data: {
        labels: stats.perLocality.map((row) => row.name ?? row.code),
        datasets: [
          { label: t('dashboard.open'), data: stats.perLocality.map((row) => row.open) },
          { label: t('dashboard.overdue'), data: stats.perLocality.map((row) => row.overdue) },
        ],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y' },
    });
  }, 0);
  return section;
}

/** What a verification found, in words: intact (and how much of it is legacy), edited, or cut short. */
function showVerification(status, verification) {
  const found = {
    intact: () => t('audit.intact'),
    broken: () => t('audit.broken', { id: verification.brokenAt }),
    tail_missing: () => t('audit.tailMissing', { id: verification.brokenAt }),
  }[verification.status]();
  const legacy =
    verification.status === 'intact' && verification.legacyUpTo !== null
      ? ` ${t('audit.legacy', { id: verification.legacyUpTo })}`
      : '';
  status.textContent = `${found}${legacy}`;
  status.classList.toggle('error', verification.status !== 'intact');
}

/** Checks the whole chain against an anchor file the committee kept. */
function anchorCheck(status) {
  const input = el('input', { type: 'file', accept: 'application/json,.json', id: 'audit-anchor-file' });
  const refuse = (key) => {
    status.textContent = t(key);
    status.classList.add('error');
  };
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    let anchor;
    try {
      anchor = JSON.parse(await file.text());
    } catch {
      return refuse('audit.badAnchor');
    }
    try {
      showVerification(status, await api('POST', '/api/console/audit/verify', { anchor }));
    } catch (error) {
      refuse(error instanceof ApiError && error.status === 400 ? 'audit.badAnchor' : 'errors.generic');
    }
  });
  return el('label', { for: 'audit-anchor-file' }, t('audit.checkAnchor'), input);
}

export async function renderAudit() {
  const tbody = el('tbody');
  const more = el('button', { type: 'button', class: 'secondary' }, t('audit.more'));
  const status = el('p', { class: 'card', id: 'audit-chain' });
  async function load(before) {
    const page = await api('GET', `/api/console/audit${before ? `?before=${before}` : ''}`);
    showVerification(status, page.verification);
    tbody.append(
      ...page.entries.map((entry) =>
        el(
          'tr',
          {},
          el('td', {}, formatDateTime(entry.at)),
          el('td', {}, entry.officer ?? ''),
          el('td', {}, entry.action),
          el('td', {}, [entry.targetType, entry.targetId].filter(Boolean).join(' ')),
        ),
      ),
    );
    const last = page.entries.at(-1);
    more.hidden = page.entries.length < 50 || !last;
    more.onclick = () => load(last.id);
  }
  await load();
  const anchors = el(
    'section',
    { class: 'card', id: 'audit-anchors' },
    el('p', {}, t('audit.anchorHelp')),
    el(
      'p',
      {},
      el('a', { href: '/api/console/audit/anchor', download: '', id: 'audit-anchor' }, t('audit.exportAnchor')),
    ),
    anchorCheck(status),
  );
  return el(
    'section',
    { id: 'audit' },
    el('h1', {}, t('audit.title')),
    status,
    anchors,
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('audit.at')),
          el('th', {}, t('audit.officer')),
          el('th', {}, t('audit.action')),
          el('th', {}, t('audit.target')),
        ),
      ),
      tbody,
    ),
    more,
  );
}
