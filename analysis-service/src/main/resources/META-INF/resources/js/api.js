// Talking to analysis-service: JSON reads, keyed writes, and errors a person can read.
// Every error the API sends is RFC 7807 problem JSON; ApiError carries its detail so pages show it verbatim.

const KEY_STORAGE = 'lookalike.apiKey';

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(KEY_STORAGE, key);
  } else {
    localStorage.removeItem(KEY_STORAGE);
  }
}

/** Query string from an object, leaving out empty values (an empty group means "everyone"). */
export function query(params = {}) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      q.set(name, value);
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** An ApiError from a failed response: problem JSON when there is one, else the status line. */
async function errorOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text);
    return new ApiError(response.status, problem.title, problem.detail);
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep it short
    const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    return new ApiError(response.status, response.statusText || `HTTP ${response.status}`, plain || undefined);
  }
}

async function request(method, path, { body, headers = {}, key = false } = {}) {
  if (key) {
    headers['X-API-Key'] = apiKey();
  }
  let response;
  try {
    response = await fetch(path, { method, body, headers });
  } catch (e) {
    throw new ApiError(0, 'Server unreachable', `Cannot reach the server (${e.message}).`);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  if (response.status === 204) {
    return null;
  }
  return response.json();
}

export function getJson(path, params) {
  return request('GET', path + query(params));
}

/** A keyed write with a JSON body. */
export function sendJson(method, path, data) {
  return request(method, path, {
    key: true,
    body: data === undefined ? undefined : JSON.stringify(data),
    headers: data === undefined ? {} : { 'Content-Type': 'application/json' },
  });
}

/** A keyed multipart POST (the browser sets the boundary). */
export function postForm(path, form, params) {
  return request('POST', path + query(params), { key: true, body: form });
}

/**
 * A keyed multipart POST through XMLHttpRequest, because fetch cannot report upload progress.
 * onProgress gets a fraction 0..1; resolves with {status, body}, rejects with an ApiError.
 */
export function uploadForm(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-API-Key', apiKey());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        onProgress(e.loaded / e.total);
      }
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve({ status: xhr.status, body });
      } else if (body && (body.detail || body.title)) {
        reject(new ApiError(xhr.status, body.title, body.detail));
      } else {
        reject(new ApiError(xhr.status, xhr.statusText || `HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'Server unreachable', 'The upload could not reach the server.'));
    xhr.send(form);
  });
}

// Addresses of images the API serves: thumbnails are cacheable JPEG crops.
export const faceThumbUrl = (faceId) => `/api/faces/${encodeURIComponent(faceId)}/thumbnail`;
export const memberThumbUrl = (name) => `/api/members/${encodeURIComponent(name)}/thumbnail`;
export const photoUrl = (photoId) => `/api/photos/${encodeURIComponent(photoId)}/content`;
export const memberHref = (name) => `#/members/${encodeURIComponent(name)}`;

/** A face's own crop when the answer names one (by=face), else the member's most typical face. */
export function subjectThumbUrl(subject) {
  return subject.faceId != null ? faceThumbUrl(subject.faceId) : memberThumbUrl(subject.member);
}

// Messages above the page: errors stay until dismissed (or the next page), notices fade.
/** Shows an error; a 401 also points at the API-key field, the one thing the user can do about it. */
export function showError(error, context) {
  let text = error instanceof Error ? error.message : String(error);
  const refused = error instanceof ApiError && error.status === 401;
  if (refused) {
    text = `The API key was refused: ${text} Enter a valid key in the "API key" field at the top.`;
    const field = document.getElementById('api-key');
    field?.classList.add('needs-key');
    field?.focus();
  }
  showMessage(context ? `${context}: ${text}` : text, refused ? 'error key-refused' : 'error');
}

/** A new key makes the old "key refused" messages stale. */
export function forgetKeyMessages() {
  document.querySelectorAll('#messages .key-refused').forEach((m) => m.remove());
}

export function showMessage(text, kind = 'info') {
  const box = document.getElementById('messages');
  const message = document.createElement('div');
  message.className = `message ${kind}`;
  message.dataset.testid = 'message';
  message.setAttribute('role', kind.startsWith('error') ? 'alert' : 'status');
  const span = document.createElement('span');
  span.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = '×';
  close.title = 'Dismiss';
  close.addEventListener('click', () => message.remove());
  message.append(span, close);
  box.append(message);
  if (!kind.startsWith('error')) {
    setTimeout(() => message.remove(), 5000);
  }
}

export function clearMessages() {
  document.getElementById('messages').replaceChildren();
}
