import type { ChartSpec } from './charts.js';

export interface RenderedChart {
  id: string;
  title: string;
  description: string;
  svg: string;
}

/**
 * Render Vega-Lite specs to SVG strings in Node: vega-lite compiles, vega's headless View
 * renders with `renderer: 'none'` and `toSVG()`. No canvas, no browser, no network (the specs
 * carry their data inline and the loader is never asked for anything).
 *
 * Vega numbers clip paths and gradients with module-wide counters; they are reset before each
 * report so the same inputs give byte-identical SVG, and the charts of one page render in a
 * fixed order so their ids never collide. This module is imported only by the report command:
 * vega is heavy, and no other command should pay for it at start-up.
 */
export async function renderCharts(charts: ChartSpec[]): Promise<RenderedChart[]> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  vega.resetSVGDefIds();
  const noNetwork = vega.loader({ mode: 'file' });
  noNetwork.load = async (uri: string) => {
    throw new Error(`report charts must not load anything (asked for ${uri})`);
  };
  const out: RenderedChart[] = [];
  for (const c of charts) {
    const fail = (...a: unknown[]): never => {
      throw new Error(`chart ${c.id}: ${a.map(String).join(' ')}`);
    };
    // a warning (an unknown field, a bad scale) is a bug in the spec: fail loudly, never draw a wrong chart
    const logger = { level: () => vega.Warn, error: fail, warn: fail, info: () => logger, debug: () => logger };
    const compiled = vl.compile(c.spec as unknown as Parameters<typeof vl.compile>[0], { logger: logger as never }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noNetwork, logger: logger as never });
    try {
      const svg = await view.toSVG();
      out.push({ id: c.id, title: c.title, description: c.description, svg: tidy(svg, c) });
    } finally {
      view.finalize();
    }
  }
  return out;
}

/** Give the SVG an accessible name and role, and make it scale to the page width. */
function tidy(svg: string, c: ChartSpec): string {
  // function replacers: the description holds "$" amounts, which a replacement string would read as patterns
  const open = svg.match(/^<svg [^>]*>/);
  if (!open) throw new Error(`chart ${c.id}: vega returned no <svg> element`);
  const attrs = `data-chart="${escapeXml(c.id)}" role="img" aria-labelledby="${escapeXml(c.id)}-title ${escapeXml(c.id)}-desc" preserveAspectRatio="xMinYMin meet" `;
  const head = open[0].replace(/^<svg /, () => `<svg ${attrs}`);
  return `${head}<title id="${escapeXml(c.id)}-title">${escapeXml(c.title)}</title><desc id="${escapeXml(c.id)}-desc">${escapeXml(c.description)}</desc>${svg.slice(open[0].length)}`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
