// Cử Tri web chat widget. Embed with one tag: <script src="https://HOST/chat/widget.js" async></script>
// It draws the chat into #cutri-chat (or appends a box to the page), talks to the server it was
// loaded from, and renders every server text with textContent (never as HTML). The session id
// comes from the server with the first answer; when the server no longer knows it (401
// "session"), the widget forgets it and starts over.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script ? new URL(script.src).origin : window.location.origin;
  var storageKey = 'cutri-chat-session';
  var locale = (document.documentElement.lang || 'vi').slice(0, 2) === 'en' ? 'en' : 'vi';

  var sessionId = null;
  try {
    sessionId = window.localStorage.getItem(storageKey);
  } catch {
    /* storage blocked: a session per page */
  }
  function keepSession(id) {
    sessionId = id;
    try {
      if (id) window.localStorage.setItem(storageKey, id);
      else window.localStorage.removeItem(storageKey);
    } catch {
      /* kept in memory */
    }
  }
  function sessionUnknown(response, data) {
    return response.status === 401 && data && data.error === 'session';
  }
  // an answer about a session replaced meanwhile (by another request's answer) changes nothing
  function forgetSession(id) {
    if (sessionId === id) keepSession(null);
  }

  if (!document.querySelector('link[data-cutri]')) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + '/chat/widget.css';
    css.setAttribute('data-cutri', '');
    document.head.appendChild(css);
  }
  var root = document.getElementById('cutri-chat');
  if (!root) {
    root = document.createElement('div');
    root.id = 'cutri-chat';
    document.body.appendChild(root);
  }
  root.className = 'cutri-chat';
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  var header = el('div', 'cutri-header');
  var log = el('div', 'cutri-log');
  log.setAttribute('aria-live', 'polite');
  var form = el('form', 'cutri-form');
  var input = el('input');
  input.type = 'text';
  input.maxLength = 4000; // replaced by the server's limit once the texts arrive input.autocomplete = 'off';
  var send = el('button');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  root.appendChild(header);
  root.appendChild(log);
  root.appendChild(form);
  var texts = {};

  function show(message, mine) {
    var bubble = el('div', 'cutri-msg ' + (mine ? 'cutri-me' : 'cutri-bot'), message.text);
    if (message.kind === 'answer' && message.options && message.options.length)
      bubble.appendChild(el('div', 'cutri-note', texts.helpful || ''));
    if (message.options && message.options.length) {
      var row = el('div', 'cutri-options');
      message.options.forEach(function (option) {
        var button = el('button', '', option.label);
        button.type = 'button';
        button.addEventListener('click', function () {
          post({ choice: option.id }, option.label);
        });
        row.appendChild(button);
      });
      bubble.appendChild(row);
    }
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
  }

  function post(body, echo, retried) {
    if (echo) show({ text: echo }, true);
    var message = { locale: locale };
    Object.keys(body).forEach(function (key) {
      message[key] = body[key];
    });
    var sent = sessionId;
    if (sent) message.sessionId = sent;
    return fetch(base + '/api/chat/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            // a session the server no longer knows: start over with a new one, once
            if (sessionUnknown(response, data) && !retried) {
              forgetSession(sent);
              return post(body, null, true);
            }
            if (!response.ok) return show({ text: failureText(response.status, data) }, false);
            if (typeof data.sessionId === 'string') keepSession(data.sessionId);
            (data.replies || []).forEach(function (reply) {
              show(reply, false);
            });
          });
      })
      .catch(function () {
        show({ text: texts.offline || '…' }, false);
      });
  }

  // a refused message must never vanish in silence: 429 and 400 say why, the rest "try again"
  function failureText(status, data) {
    var message = data && typeof data.message === 'string' ? data.message : '';
    // 429 carries a message in both languages; a 400 is the API's English for developers
    if (status === 429 && message) return message;
    if (status === 400) return texts.invalid || texts.offline;
    return (status >= 500 ? texts.unavailable : texts.offline) || texts.offline || '…';
  }

  var lastPushed = 0;
  function poll() {
    // the session id travels in a header, never in the address (addresses end up in logs)
    var polled = sessionId;
    var request = polled
      ? fetch(base + '/api/chat/messages?after=' + lastPushed, { headers: { 'x-chat-session': polled } })
      : Promise.resolve(null);
    request
      .then(function (response) {
        if (!response) return null;
        return response.json().then(function (data) {
          if (sessionUnknown(response, data)) forgetSession(polled);
          return data;
        });
      })
      .then(function (data) {
        ((data && data.messages) || []).forEach(function (message) {
          lastPushed = Math.max(lastPushed, message.id);
          show(message, false);
        });
      })
      .catch(function () {
        /* try again on the next tick */
      })
      .then(function () {
        window.setTimeout(poll, 15000);
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    post({ text: text }, text);
  });

  fetch(base + '/api/chat/texts?locale=' + locale)
    .then(function (response) {
      return response.json();
    })
    .then(function (data) {
      texts = data;
      if (data.maxLength) input.maxLength = data.maxLength;
    })
    .catch(function () {
      /* keep the defaults */
    })
    .then(function () {
      header.textContent = texts.title || '';
      input.placeholder = texts.placeholder || '';
      send.textContent = texts.send || '➤';
      post({ text: '/start' });
      poll();
    });
})();
