import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Presentable fake media for screenshots. Camera: Y4M clips for Chromium's --use-file-for-fake-video-capture, a
// person-shaped silhouette swaying in front of a wall in a few palettes (distinct, calm tiles instead of Chromium's
// green test pattern). Screen: a drawn slide.

type Rgb = readonly [number, number, number];
type Look = { wall: Rgb; floor: Rgb; window: Rgb; shirt: Rgb; skin: Rgb; hair: Rgb };

const LOOKS: readonly Look[] = [
  {
    wall: [62, 74, 94],
    floor: [40, 47, 61],
    window: [120, 140, 170],
    shirt: [196, 98, 74],
    skin: [224, 180, 150],
    hair: [52, 38, 30],
  },
  {
    wall: [88, 80, 70],
    floor: [58, 52, 46],
    window: [170, 160, 140],
    shirt: [60, 110, 150],
    skin: [170, 120, 90],
    hair: [25, 20, 18],
  },
  {
    wall: [70, 92, 84],
    floor: [45, 60, 55],
    window: [150, 180, 170],
    shirt: [230, 200, 120],
    skin: [236, 200, 175],
    hair: [150, 95, 50],
  },
  {
    wall: [92, 72, 92],
    floor: [60, 46, 60],
    window: [180, 150, 180],
    shirt: [70, 70, 80],
    skin: [120, 80, 60],
    hair: [20, 16, 16],
  },
  {
    wall: [78, 78, 86],
    floor: [50, 50, 56],
    window: [160, 160, 176],
    shirt: [120, 160, 110],
    skin: [210, 165, 130],
    hair: [90, 60, 40],
  },
];

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 10;
const FRAMES = 30;

function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  const dx = (x - cx) / rx;
  const dy = (y - cy) / ry;
  return dx * dx + dy * dy <= 1;
}

function pixel(look: Look, x: number, y: number, sway: number): Rgb {
  const cx = WIDTH * 0.5 + sway;
  if (inEllipse(x, y, cx, HEIGHT * 0.44, WIDTH * 0.07, HEIGHT * 0.155)) return look.skin;
  if (inEllipse(x, y, cx, HEIGHT * 0.39, WIDTH * 0.082, HEIGHT * 0.17) && y < HEIGHT * 0.5) return look.hair;
  if (Math.abs(x - cx) < WIDTH * 0.028 && y > HEIGHT * 0.55 && y < HEIGHT * 0.7) return look.skin;
  if (inEllipse(x, y, WIDTH * 0.5 + sway * 0.6, HEIGHT * 1.1, WIDTH * 0.24, HEIGHT * 0.44)) return look.shirt;
  const shade = 1.08 - (y / HEIGHT) * 0.3;
  if (x > WIDTH * 0.07 && x < WIDTH * 0.25 && y > HEIGHT * 0.14 && y < HEIGHT * 0.5) {
    return [look.window[0] * shade, look.window[1] * shade, look.window[2] * shade];
  }
  const base = y > HEIGHT * 0.82 ? look.floor : look.wall;
  return [base[0] * shade, base[1] * shade, base[2] * shade];
}

function frame(look: Look, index: number): Buffer {
  const sway = Math.sin((index / FRAMES) * Math.PI * 2) * WIDTH * 0.02;
  const luma = WIDTH * HEIGHT;
  const chroma = luma / 4;
  const data = Buffer.alloc(luma + chroma * 2);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const [r, g, b] = pixel(look, x, y, sway);
      data[y * WIDTH + x] = 0.299 * r + 0.587 * g + 0.114 * b;
      if (x % 2 === 0 && y % 2 === 0) {
        const at = (y / 2) * (WIDTH / 2) + x / 2;
        data[luma + at] = 128 - 0.169 * r - 0.331 * g + 0.5 * b;
        data[luma + chroma + at] = 128 + 0.5 * r - 0.419 * g - 0.081 * b;
      }
    }
  }
  return data;
}

/** A 1280×720, 10 fps, 3 s looping clip in palette `index` (cached in the temp directory); returns its path. */
export async function fakeCameraClip(index: number): Promise<string> {
  const look = LOOKS[index % LOOKS.length];
  if (!look) throw new RangeError('no looks defined');
  const path = join(tmpdir(), `huddle-fake-camera-v2-${index % LOOKS.length}.y4m`);
  if (existsSync(path)) return path;
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  for (let index = 0; index < FRAMES; index++) parts.push(Buffer.from('FRAME\n'), frame(look, index));
  await writeFile(`${path}.tmp`, Buffer.concat(parts));
  await rename(`${path}.tmp`, path);
  return path;
}

/**
 * An init script (page.addInitScript) that makes getDisplayMedia share a drawn slide (a 1280×720 canvas with a
 * chart, redrawn 15 times a second) instead of Chromium's green test pattern: the app's code path is unchanged.
 */
export function drawnScreenShare(): void {
  const draw = (context: CanvasRenderingContext2D, tick: number): void => {
    const bars = [42, 55, 48, 67, 74, 88];
    context.fillStyle = '#f6f7fb';
    context.fillRect(0, 0, 1280, 720);
    context.fillStyle = '#1f2937';
    context.font = 'bold 44px "Liberation Sans", Arial, sans-serif';
    context.fillText('Q3 product review', 80, 110);
    context.fillStyle = '#6b7280';
    context.font = '26px "Liberation Sans", Arial, sans-serif';
    context.fillText('Weekly active teams, thousands', 80, 160);
    context.strokeStyle = '#d1d5db';
    context.lineWidth = 2;
    for (let line = 0; line <= 4; line++) {
      context.beginPath();
      context.moveTo(80, 620 - line * 100);
      context.lineTo(1200, 620 - line * 100);
      context.stroke();
    }
    bars.forEach((value, index) => {
      const highlighted = index === Math.floor(tick / 30) % bars.length;
      context.fillStyle = highlighted ? '#4677f0' : '#a5b8f3';
      context.fillRect(140 + index * 175, 620 - value * 5, 110, value * 5);
      context.fillStyle = '#374151';
      context.font = '22px "Liberation Sans", Arial, sans-serif';
      context.fillText(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][index] ?? '', 172 + index * 175, 660);
    });
  };
  navigator.mediaDevices.getDisplayMedia = async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const context = canvas.getContext('2d');
    if (!context) throw new DOMException('no 2D canvas', 'NotReadableError');
    let tick = 0;
    draw(context, tick);
    setInterval(() => draw(context, ++tick), 1000 / 15);
    return canvas.captureStream(15);
  };
}
