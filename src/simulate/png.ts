/**
 * SVG to PNG, for the README and `--chart out.png`: rasterised by resvg
 * (@resvg/resvg-js, a prebuilt native binary in the package). Loaded only when
 * a PNG is asked for, so nothing else pays for it.
 *
 * resvg draws text with the system's fonts; the charts name DejaVu Sans first,
 * then Liberation Sans, Arial and Helvetica, and the same family is the
 * fallback here, so labels render wherever one of them is installed.
 */

export class PngUnavailable extends Error {
  override readonly name = 'PngUnavailable';
}

/** The PNG of an SVG document, at `scale` times its size (2: sharp on high-density screens). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (e) {
    throw new PngUnavailable(
      `PNG output needs the package @resvg/resvg-js, which could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); write an .svg instead`,
    );
  }
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
