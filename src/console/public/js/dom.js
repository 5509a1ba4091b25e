// DOM helpers. Text always goes in through text nodes (textContent), never as HTML: what a
// citizen wrote can hold markup, and here it stays inert.
let dictionary = {};
let currentLocale = 'vi';
let timeZone = 'Asia/Ho_Chi_Minh';

export async function loadLocale(locale) {
  const response = await fetch(`/api/console/i18n/${locale}`);
  const answer = await response.json();
  dictionary = answer.texts;
  timeZone = answer.timeZone;
  currentLocale = locale;
  document.documentElement.lang = locale;
  localStorage.setItem('cutri.locale', locale);
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}

export function locale() {
  return currentLocale;
}

export function preferredLocale() {
  return localStorage.getItem('cutri.locale') === 'en' ? 'en' : 'vi';
}

export function lookup(key) {
  return key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), dictionary);
}

export function t(key, values = {}) {
  const text = lookup(key);
  if (typeof text !== 'string') return key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(values[name] ?? ''));
}

/** el('p', { class: 'x', onclick: fn }, 'text', child) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
  return node;
}

export function formatDateTime(iso) {
  return new Date(iso).toLocaleString(currentLocale === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  });
}

export function flash(message) {
  const node = document.getElementById('flash');
  node.textContent = message;
  node.hidden = !message;
}

export function option(value, label, selected) {
  return el('option', { value, selected: value === selected }, label);
}
