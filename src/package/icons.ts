// The Teams app icons, drawn in code: a shield with a padlock, our own mark.
//   color.png    192x192, full colour: a white shield with a teal padlock on a teal tile
//   outline.png  32x32, white on transparent: a shield outline around a padlock
// Regenerate with `node --import tsx src/package/icons.ts [DIR]` (default appPackage/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../paths.js';
import { encodePng, type RgbaImage } from './png.js';

export const ACCENT = '#0E5E6F';
type Rgba = readonly [number, number, number, number];
const hex = (h: string, a = 255): Rgba => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** A shield in unit coordinates: a slightly dipped top, straight sides, a curved taper to a point. */
type Shield = { cx: number; halfWidth: number; top: number; dip: number; shoulder: number; tip: number };

function inShield(s: Shield, x: number, y: number): boolean {
  const dx = Math.abs(x - s.cx);
  if (dx > s.halfWidth) return false;
  const top = s.top + s.dip * (1 - (dx / s.halfWidth) ** 2);
  if (y < top || y > s.tip) return false;
  if (y <= s.shoulder) return true;
  const t = (y - s.shoulder) / (s.tip - s.shoulder);
  return dx <= s.halfWidth * (1 - t ** 1.8);
}

function inset(s: Shield, by: number): Shield {
  return { ...s, halfWidth: s.halfWidth - by, top: s.top + by, tip: s.tip - by * 1.9, shoulder: s.shoulder };
}

/** A padlock in unit coordinates: a rounded body, a shackle ring above it, and a keyhole. */
type Lock = {
  cx: number;
  bodyTop: number;
  bodyBottom: number;
  bodyHalfWidth: number;
  radius: number;
  shackleOuter: number;
  shackleInner: number;
  keyY: number;
  keyR: number;
  keySlot: number;
  keyHalfWidth: number;
};

function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const qx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
  const qy = y < y0 + r ? y0 + r : y > y1 - r ? y1 - r : y;
  return (x - qx) ** 2 + (y - qy) ** 2 <= r * r;
}

function lockPart(l: Lock, x: number, y: number): 'body' | 'shackle' | 'keyhole' | undefined {
  const inBody = inRoundRect(x, y, l.cx - l.bodyHalfWidth, l.bodyTop, l.cx + l.bodyHalfWidth, l.bodyBottom, l.radius);
  if (inBody) {
    const inHole = (x - l.cx) ** 2 + (y - l.keyY) ** 2 <= l.keyR ** 2 || (Math.abs(x - l.cx) <= l.keyHalfWidth && y >= l.keyY && y <= l.keyY + l.keySlot);
    return inHole ? 'keyhole' : 'body';
  }
  const d = Math.hypot(x - l.cx, y - l.bodyTop);
  if (y <= l.bodyTop && d <= l.shackleOuter && d >= l.shackleInner) return 'shackle';
  // the shackle's legs run down into the body
  const legX = Math.abs(x - l.cx);
  if (y > l.bodyTop - 1e-9 && y <= l.bodyTop + l.radius && legX <= l.shackleOuter && legX >= l.shackleInner) return 'shackle';
  return undefined;
}

/** Renders with 4x4 supersampling; `paint` answers the colour at a point of the unit square. */
function render(size: number, paint: (x: number, y: number) => Rgba): RgbaImage {
  const data = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        data[i] = Math.round(r / a);
        data[i + 1] = Math.round(g / a);
        data[i + 2] = Math.round(b / a);
      }
      data[i + 3] = Math.round(a / (n * n));
    }
  }
  return { width: size, height: size, data };
}

/** 192x192 full colour: teal tile, white shield, teal padlock with a white keyhole. */
export function drawColorIcon(size = 192): RgbaImage {
  const bg = hex(ACCENT);
  const shield: Shield = { cx: 0.5, halfWidth: 0.24, top: 0.21, dip: 0.025, shoulder: 0.5, tip: 0.81 };
  const lock: Lock = {
    cx: 0.5,
    bodyTop: 0.45,
    bodyBottom: 0.63,
    bodyHalfWidth: 0.11,
    radius: 0.02,
    shackleOuter: 0.075,
    shackleInner: 0.045,
    keyY: 0.515,
    keyR: 0.022,
    keySlot: 0.055,
    keyHalfWidth: 0.01,
  };
  return render(size, (x, y) => {
    if (!inShield(shield, x, y)) return bg;
    const part = lockPart(lock, x, y);
    return part === 'body' || part === 'shackle' ? bg : WHITE;
  });
}

/** 32x32 outline: a white shield outline and a white padlock, everything else transparent. */
export function drawOutlineIcon(size = 32): RgbaImage {
  const shield: Shield = { cx: 0.5, halfWidth: 0.4, top: 0.05, dip: 0.04, shoulder: 0.52, tip: 0.97 };
  const inner = inset(shield, 0.07);
  const lock: Lock = {
    cx: 0.5,
    bodyTop: 0.44,
    bodyBottom: 0.7,
    bodyHalfWidth: 0.16,
    radius: 0.03,
    shackleOuter: 0.12,
    shackleInner: 0.06,
    keyY: 0.53,
    keyR: 0.035,
    keySlot: 0.08,
    keyHalfWidth: 0.015,
  };
  return render(size, (x, y) => {
    if (inShield(shield, x, y) && !inShield(inner, x, y)) return WHITE;
    const part = lockPart(lock, x, y);
    return part === 'body' || part === 'shackle' ? WHITE : CLEAR;
  });
}

export function writeIcons(dir: string): { color: string; outline: string } {
  mkdirSync(dir, { recursive: true });
  const color = resolve(dir, 'color.png');
  const outline = resolve(dir, 'outline.png');
  writeFileSync(color, encodePng(drawColorIcon()));
  writeFileSync(outline, encodePng(drawOutlineIcon()));
  return { color, outline };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = ROOT;
  const written = writeIcons(resolve(process.argv[2] ?? resolve(root, 'appPackage')));
  console.log(`wrote ${written.color}\nwrote ${written.outline}`);
}
