'use strict';

// The page holds no token: the session cookie is HttpOnly. It keeps only the CSRF token that
// GET /api/session hands out, and sends it with every POST and DELETE.
let csrf = null;

const byId = (id) => document.getElementById(id);

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf || '';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store'
    });
  } catch (unreachable) {
    return { status: 0, data: { error: 'cannot reach the server' } };
  }
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    try {
      data = JSON.parse(text);
    } catch (notJson) {
      // The filter answers 503 in plain text when the store cannot be reached.
      data = { error: text.trim() || response.statusText };
    }
  }
  return { status: response.status, data };
}

function showStatus(message) {
  const status = byId('status');
  status.textContent = message || '';
  status.hidden = !message;
}

function setState(state) {
  document.body.dataset.state = state;
  byId('signed-in').hidden = state !== 'signed-in';
  byId('signed-out').hidden = state !== 'signed-out';
  byId('notes-section').hidden = state === 'loading';
}

function renderNotes(notes) {
  const list = byId('notes');
  list.replaceChildren(...notes.map((text) => {
    const item = document.createElement('li');
    item.textContent = text;
    return item;
  }));
}

function formatTime(iso) {
  const date = new Date(iso);
  return isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function sessionRow(info) {
  const row = document.createElement('tr');
  row.dataset.handle = info.handle;
  row.className = info.current ? 'session current' : 'session';
  const device = document.createElement('td');
  device.className = 'device';
  device.textContent = (info.userAgent || 'unknown device') + (info.current ? ' (this browser)' : '');
  const created = document.createElement('td');
  created.textContent = formatTime(info.createdAt);
  const lastActive = document.createElement('td');
  lastActive.textContent = formatTime(info.lastActiveAt);
  const actions = document.createElement('td');
  const end = document.createElement('button');
  end.type = 'button';
  end.className = 'end-session';
  end.textContent = 'End this one';
  end.addEventListener('click', () => endSession(info.handle, info.current));
  actions.append(end);
  row.append(device, created, lastActive, actions);
  return row;
}

async function loadSessions() {
  const result = await api('GET', '/api/sessions');
  if (result.status === 401) {
    await refresh();
    return;
  }
  if (result.status !== 200) {
    showStatus(result.data.error);
    return;
  }
  byId('session-rows').replaceChildren(...result.data.map(sessionRow));
  document.body.dataset.sessions = String(result.data.length);
}

async function refresh() {
  const result = await api('GET', '/api/session');
  if (result.status !== 200) {
    showStatus(result.data.error);
    return;
  }
  showStatus('');
  csrf = result.data.csrf;
  renderNotes(result.data.notes);
  if (result.data.authenticated) {
    byId('current-user').textContent = result.data.user;
    setState('signed-in');
    await loadSessions();
  } else {
    byId('session-rows').replaceChildren();
    delete document.body.dataset.sessions;
    setState('signed-out');
  }
}

async function login(event) {
  event.preventDefault();
  const error = byId('login-error');
  const result = await api('POST', '/api/login', { user: byId('user').value, password: byId('password').value });
  byId('password').value = '';
  if (result.status !== 200) {
    error.textContent = result.data.error;
    error.hidden = false;
    return;
  }
  error.hidden = true;
  csrf = result.data.csrf;
  await refresh();
}

async function addNote(event) {
  event.preventDefault();
  const input = byId('note-text');
  const result = await api('POST', '/api/notes', { text: input.value });
  if (result.status !== 201) {
    showStatus(result.data.error);
    return;
  }
  input.value = '';
  showStatus('');
  renderNotes(result.data.notes);
}

async function endSession(handle, current) {
  const result = await api('DELETE', '/api/sessions/' + encodeURIComponent(handle));
  if (result.status !== 204 && result.status !== 404) {
    showStatus(result.data.error);
    return;
  }
  if (current) {
    await refresh();
  } else {
    await loadSessions();
  }
}

async function endOthers() {
  const result = await api('POST', '/api/sessions/revoke-others');
  if (result.status !== 204) {
    showStatus(result.data.error);
    return;
  }
  await loadSessions();
}

async function logout() {
  const result = await api('POST', '/api/logout');
  if (result.status !== 204) {
    showStatus(result.data.error);
  }
  await refresh();
}

document.addEventListener('DOMContentLoaded', () => {
  byId('login-form').addEventListener('submit', login);
  byId('note-form').addEventListener('submit', addNote);
  byId('end-others').addEventListener('click', endOthers);
  byId('logout').addEventListener('click', logout);
  refresh();
});
