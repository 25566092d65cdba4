// PNG for the Teams app icons, over pngjs: read the header (size, colour type), decode to RGBA, encode RGBA.
import { PNG } from 'pngjs';

export type PngInfo = {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The colour type carries an alpha channel (grey+alpha or RGBA). */
  hasAlphaChannel: boolean;
};

export class PngError extends Error {}

export type RgbaImage = { width: number; height: number; /** width*height*4 bytes, row by row */ data: Buffer };

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image, or a PngError saying why the bytes are not one. */
function read(buf: Buffer) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file (bad signature)');
  try {
    return PNG.sync.read(buf);
  } catch (err) {
    throw new PngError(`not a readable PNG: ${(err as Error).message}`);
  }
}

/** The real pixel size and colour type, whatever the file is called. */
export function readPngInfo(buf: Buffer): PngInfo {
  const png = read(buf) as PNG & { depth: number; colorType: number; interlace: boolean };
  return {
    width: png.width,
    height: png.height,
    bitDepth: png.depth,
    colorType: png.colorType,
    interlaced: png.interlace,
    // Colour types 4 (grey + alpha) and 6 (RGBA) carry an alpha channel.
    hasAlphaChannel: (png.colorType & 4) !== 0,
  };
}

/** Any PNG (grey, palette, RGB, with or without alpha, 16-bit, interlaced) as 8-bit RGBA. */
export function decodePng(buf: Buffer): RgbaImage {
  const png = read(buf);
  return { width: png.width, height: png.height, data: Buffer.from(png.data) };
}

/** An RGBA image as an 8-bit PNG: RGBA (colour type 6), or RGB (colour type 2, alpha dropped) with `alpha: false`. */
export function encodePng(img: RgbaImage, opts: { alpha?: boolean } = {}): Buffer {
  const { width, height } = img;
  if (img.data.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} bytes of RGBA, got ${img.data.length}`);
  const png = new PNG({ width, height });
  img.data.copy(png.data);
  // Without alpha, pngjs would blend each pixel onto a background by its alpha: opaque pixels keep their colour.
  if (opts.alpha === false) for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return PNG.sync.write(png, { colorType: opts.alpha === false ? 2 : 6, deflateLevel: 9 });
}
