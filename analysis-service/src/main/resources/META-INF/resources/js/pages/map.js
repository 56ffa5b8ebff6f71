// Map: the study's MDS scatter, one face thumbnail per member, where look-alikes sit close together.
// ECharts draws it (zoom and pan inside the plot); exports give PNG and a self-contained SVG.

import { getJson, memberHref, showError, subjectThumbUrl } from '../api.js';
import { dec3, emptyState, errorBox, groupSelect, h, pageTitle, replaceParams } from '../ui.js';

const ECHARTS_URL = '/webjars/echarts/5.3.1/dist/echarts.min.js';
let echartsLoading = null;

/** Loads ECharts once, on the first visit to the map (a classic script that defines the global `echarts`). */
function loadECharts() {
  if (window.echarts) {
    return Promise.resolve(window.echarts);
  }
  echartsLoading ??= new Promise((resolve, reject) => {
    const script = h('script', { src: ECHARTS_URL });
    script.onload = () => resolve(window.echarts);
    script.onerror = () => {
      echartsLoading = null;
      reject(new Error(`the chart library (${ECHARTS_URL}) could not be loaded`));
    };
    document.head.append(script);
  });
  return echartsLoading;
}

export function render(root, { params }) {
  let group = params.get('group') || '';
  let answer = null;
  let chart = null;
  let disposed = false; // an answer that arrives after the user left must not start a chart

  const container = h('div', { class: 'map', id: 'map', dataset: { testid: 'map' } });
  const stress = h('p', { class: 'muted', dataset: { testid: 'map-stress' } });
  const status = h('div');
  const exportPng = h('button', { type: 'button', dataset: { testid: 'export-png' }, onclick: () => savePng() }, 'Export PNG');
  const exportSvg = h('button', { type: 'button', dataset: { testid: 'export-svg' }, onclick: () => saveSvg() }, 'Export SVG');
  const reset = h('button', { type: 'button', class: 'secondary', dataset: { testid: 'map-reset' }, onclick: () => resetZoom() }, 'Reset zoom');

  root.append(
    pageTitle('Map', 'Classical MDS of the distances: members who look alike sit close together. Scroll to zoom, drag to pan, click a face to open the member.'),
    h('div', { class: 'toolbar' },
      h('label', {}, 'Group ', groupSelect('map-group', group, (g) => {
        group = g;
        replaceParams({ group });
        load();
      })),
      h('span', { class: 'spacer' }),
      reset, exportPng, exportSvg),
    status,
    container,
    stress);

  const onResize = () => {
    if (chart && answer) {
      chart.resize();
      chart.setOption(option(answer.points, {}, chart.getWidth(), chart.getHeight()), { replaceMerge: ['series'] });
    }
  };
  window.addEventListener('resize', onResize);

  let generation = 0; // only the latest request may draw (the group can change while one is on its way)

  async function load(keepZoom = false) {
    const gen = ++generation;
    try {
      const [echarts, data] = await Promise.all([
        loadECharts(),
        getJson(group ? `/api/groups/${encodeURIComponent(group)}/map` : '/api/map'),
      ]);
      if (disposed || gen !== generation) {
        return;
      }
      answer = data;
      status.replaceChildren();
      if (!chart) {
        chart = echarts.init(container, null, { renderer: 'canvas' });
        chart.on('click', (p) => {
          if (p.data?.name) {
            location.hash = memberHref(p.data.name);
          }
        });
      }
      // a live refresh keeps the zoom; a new group starts from the whole map
      chart.setOption(option(data.points, {}, chart.getWidth(), chart.getHeight()),
        keepZoom ? { replaceMerge: ['series'] } : { notMerge: true });
      container.dataset.points = String(data.points.length);
      stress.textContent = data.points.length
        ? `${data.count} ${data.by === 'face' ? 'faces' : 'members'} · stress ${dec3(data.stress)} `
          + `(0 = every distance kept) · the plane holds ${Math.round(100 * data.explained)} % of the variance`
        : '';
      if (!data.points.length) {
        status.replaceChildren(emptyState('No members yet — ', { href: '#/upload', text: 'upload photos' }));
      }
    } catch (e) {
      if (disposed || gen !== generation) {
        return;
      }
      status.replaceChildren(errorBox(e, 'Map'));
      container.dataset.points = '0';
      chart?.clear();
      answer = null;
    }
  }

  function resetZoom() {
    chart?.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
  }

  function fileName(ext) {
    return `lookalike-map-${group || 'everyone'}.${ext}`;
  }

  function savePng() {
    if (!chart || !answer) {
      return showError('Nothing to export yet.');
    }
    download(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), fileName('png'));
  }

  /** A second chart, hidden and SVG-rendered, with the thumbnails inlined so the file stands alone. */
  async function saveSvg() {
    if (!chart || !answer) {
      return showError('Nothing to export yet.');
    }
    exportSvg.disabled = true;
    const width = chart.getWidth();
    const height = chart.getHeight();
    const hidden = h('div', { class: 'offscreen', style: `width:${width}px;height:${height}px` });
    document.body.append(hidden);
    try {
      const inlined = await inlineImages(answer.points);
      const svgChart = window.echarts.init(hidden, null, { renderer: 'svg', width, height });
      svgChart.setOption({ ...option(answer.points, inlined, width, height), animation: false, backgroundColor: '#fff' });
      const svg = svgChart.renderToSVGString();
      svgChart.dispose();
      const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      download(url, fileName('svg'));
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      showError(e, 'SVG export');
    } finally {
      hidden.remove();
      exportSvg.disabled = false;
    }
  }

  load();
  return {
    refresh: () => load(true),
    dispose() {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    },
  };
}

/**
 * The chart. Both axes get the same units per pixel, so distances on screen compare in every direction as
 * MDS meant them; `images` may replace a point's thumbnail URL (data URLs for the SVG export).
 */
function option(points, images, width, height) {
  const n = points.length;
  const size = n <= 30 ? 48 : n <= 100 ? 36 : 24;
  const margin = 30;
  return {
    animation: n < 300,
    grid: { left: margin, right: margin, top: margin, bottom: margin },
    xAxis: { type: 'value', ...range(points, 'x', width - 2 * margin, height - 2 * margin), show: false },
    yAxis: { type: 'value', ...range(points, 'y', width - 2 * margin, height - 2 * margin), show: false },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const d = p.data;
        const counts = d.faceCount != null ? ` · ${d.faceCount} face${d.faceCount === 1 ? '' : 's'}` : '';
        return `<b>${escapeHtml(d.name)}</b>${d.group ? `<br>${escapeHtml(d.group)}` : ''}${counts}`;
      },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    series: [{
      type: 'scatter',
      symbolSize: size,
      label: {
        show: n <= 60, position: 'bottom', formatter: (p) => p.data.name, fontSize: 11, color: '#333',
        backgroundColor: 'rgba(255,255,255,.8)', padding: [1, 3], borderRadius: 3,
      },
      emphasis: { scale: 1.4, label: { show: true, fontWeight: 'bold' } },
      data: points.map((p, i) => ({
        name: p.member,
        value: [p.x, p.y],
        symbol: `image://${images[i] || subjectThumbUrl(p)}`,
        group: p.group,
        faceCount: p.faceCount,
      })),
    }],
  };
}

/** min/max of one axis so that both axes share one scale and every marker fits with some room. */
function range(points, axis, plotWidth, plotHeight) {
  if (!points.length) {
    return { min: -1, max: 1 };
  }
  const extent = (key) => {
    const values = points.map((p) => p[key]);
    return [Math.min(...values), Math.max(...values)];
  };
  const [x0, x1] = extent('x');
  const [y0, y1] = extent('y');
  const unitsPerPixel = Math.max((x1 - x0) / plotWidth, (y1 - y0) / plotHeight, 1e-6) * 1.2;
  const [lo, hi] = axis === 'x' ? [x0, x1] : [y0, y1];
  const half = (unitsPerPixel * (axis === 'x' ? plotWidth : plotHeight)) / 2;
  const centre = (lo + hi) / 2;
  return { min: centre - half, max: centre + half };
}

/** Each point's thumbnail as a data URL (a failed one keeps its URL). */
async function inlineImages(points) {
  const cache = new Map();
  return Promise.all(points.map(async (p) => {
    const url = subjectThumbUrl(p);
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then((r) => (r.ok ? r.blob() : null)).then((blob) => blob && new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => resolve(null);
        reader.readAsDataURL(blob);
      })).catch(() => null));
    }
    return (await cache.get(url)) || url;
  }));
}

function download(url, name) {
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
