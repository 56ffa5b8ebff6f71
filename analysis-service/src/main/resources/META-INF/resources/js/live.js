// Live updates: analysis-service sends a notice when member vectors or faces change; the open page re-fetches
// what it shows. Notices carry names, not numbers, so every figure on screen still comes from one REST answer.

const DEBOUNCE_MS = 500;

/**
 * Listens to /api/changes. onChange(notice) runs at most once per DEBOUNCE_MS burst of 'members' / 'faces'
 * notices, and once after a reconnect (notices may have been missed while the stream was down).
 * onState('connecting' | 'live' | 'offline') drives the indicator; 'offline' while EventSource retries.
 */
export function startLive(onChange, onState) {
  if (!('EventSource' in window)) {
    onState('offline');
    return;
  }
  let timer = null;
  let wasConnected = false;
  const later = (notice) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(notice), DEBOUNCE_MS);
  };

  const source = new EventSource('/api/changes');
  source.onopen = () => onState('live');
  // EventSource reconnects by itself (onopen says when); until then the page shows possibly stale data
  source.onerror = () => onState('offline');
  source.onmessage = (event) => {
    let notice;
    try {
      notice = JSON.parse(event.data);
    } catch {
      return;
    }
    if (notice.type === 'connected') {
      onState('live');
      if (wasConnected) {
        later(notice);
      }
      wasConnected = true;
    } else if (notice.type === 'members' || notice.type === 'faces') {
      later(notice);
    }
  };
}
