// Just enough PNG for the Teams app icons: read the header (size, colour type), decode 8-bit
// non-interlaced images to RGBA, and encode RGBA images. Plain TypeScript over node:zlib.
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types (IHDR byte 9). */
export const COLOR_TYPE = { gray: 0, rgb: 2, palette: 3, grayAlpha: 4, rgba: 6 } as const;

export type PngInfo = {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The colour type carries an alpha channel (grey+alpha or RGBA). */
  hasAlphaChannel: boolean;
  /** A tRNS chunk gives transparency to a palette, grey or RGB image. */
  hasTransparencyChunk: boolean;
};

export class PngError extends Error {}

type Chunk = { type: string; data: Buffer };

function chunks(buf: Buffer): Chunk[] {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file (bad signature)');
  const out: Chunk[] = [];
  let at = 8;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) throw new PngError(`truncated ${type} chunk`);
    out.push({ type, data: buf.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (out[0]?.type !== 'IHDR') throw new PngError('the first chunk is not IHDR');
  return out;
}

/** Reads the IHDR chunk: the real pixel size and colour type, whatever the file is called. */
export function readPngInfo(buf: Buffer): PngInfo {
  const list = chunks(buf);
  const ihdr = list[0]!.data;
  if (ihdr.length < 13) throw new PngError('IHDR chunk too short');
  const colorType = ihdr[9]!;
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colorType,
    interlaced: ihdr[12] === 1,
    hasAlphaChannel: colorType === COLOR_TYPE.grayAlpha || colorType === COLOR_TYPE.rgba,
    hasTransparencyChunk: list.some((c) => c.type === 'tRNS'),
  };
}

export type RgbaImage = { width: number; height: number; /** width*height*4 bytes, row by row */ data: Buffer };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced grey, grey+alpha, RGB or RGBA PNG to RGBA.
 * Returns undefined for other kinds (palette, 16-bit, interlaced): callers then check the header only.
 */
export function decodePng(buf: Buffer): RgbaImage | undefined {
  const info = readPngInfo(buf);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[info.colorType];
  if (!channels || info.bitDepth !== 8 || info.interlaced) return undefined;
  const raw = inflateSync(Buffer.concat(chunks(buf).filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = info.width * channels;
  if (raw.length < info.height * (stride + 1)) throw new PngError('image data too short for its size');
  const pixels = Buffer.alloc(info.height * stride);
  for (let y = 0; y < info.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[row - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0;
      const v = raw[src + x]!;
      let out: number;
      switch (filter) {
        case 0: out = v; break;
        case 1: out = v + a; break;
        case 2: out = v + b; break;
        case 3: out = v + ((a + b) >> 1); break;
        case 4: out = v + paeth(a, b, c); break;
        default: throw new PngError(`unknown filter type ${filter} in row ${y}`);
      }
      pixels[row + x] = out & 0xff;
    }
  }
  const data = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) {
    const p = pixels.subarray(i * channels, i * channels + channels);
    const [r, g, b, alpha] =
      channels === 1 ? [p[0]!, p[0]!, p[0]!, 255] :
      channels === 2 ? [p[0]!, p[0]!, p[0]!, p[1]!] :
      channels === 3 ? [p[0]!, p[1]!, p[2]!, 255] :
      [p[0]!, p[1]!, p[2]!, p[3]!];
    data[i * 4] = r; data[i * 4 + 1] = g; data[i * 4 + 2] = b; data[i * 4 + 3] = alpha;
  }
  return { width: info.width, height: info.height, data };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes an RGBA image as an 8-bit PNG, no filtering, maximum compression: RGBA (colour type 6), or RGB
 * (colour type 2, alpha dropped) with `alpha: false`.
 */
export function encodePng(img: RgbaImage, opts: { alpha?: boolean } = {}): Buffer {
  const { width, height } = img;
  if (img.data.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} bytes of RGBA, got ${img.data.length}`);
  const alpha = opts.alpha ?? true;
  const channels = alpha ? 4 : 3;
  const data = alpha ? img.data : Buffer.from(img.data.filter((_, i) => i % 4 !== 3));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? COLOR_TYPE.rgba : COLOR_TYPE.rgb;
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering (we use filter 0 on every row)
  ihdr[12] = 0; // not interlaced
  const stride = width * channels;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
