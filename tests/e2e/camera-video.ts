import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FPS = 15;

/**
 * How a badge is held up to the camera. Sizes are in pixels of the camera frame; the badge is
 * the thermal 4×3 one, whose QR code is 0.22 of the badge's width.
 */
export interface Shot {
  /** The camera frame, width × height. */
  frame: readonly [number, number];
  /** The badge's width in the frame (after `crop`). */
  width: number;
  /** Only part of the badge is in view: [x, y, w, h] as fractions of the badge. */
  crop?: readonly [number, number, number, number];
  /** Where the badge's centre is, as fractions of the frame. */
  at?: readonly [number, number];
  /** Behind the badge: a room (a soft gradient with a window, a door and a shelf) or white paper. */
  room?: boolean;
  /** Turned this many degrees (clockwise). */
  angle?: number;
  /** The right edge further away: its height is this fraction of the left's. */
  keystone?: number;
  /** A shaking hand: the badge moves up to this many pixels between frames. */
  shake?: number;
  /** Dim light: the scene's brightness is multiplied by this, and the sensor's gain adds noise. */
  light?: number;
  /** Out of focus: a Gaussian blur of this sigma. */
  blur?: number;
  /** Blurred by a moving hand: a directional blur this long (pixels). */
  motion?: number;
  /** Sensor noise, changing every frame (ffmpeg's noise strength, 0 to 100). */
  noise?: number;
  /** Soft glare over the QR corner: a white blob this opaque at its centre (0 to 1). */
  glare?: number;
  /** A thumb over the middle of the QR code, this fraction of the code's width across (0 to 1). */
  thumb?: number;
}

const VGA = [640, 480] as const;
const HD = [1280, 720] as const;

/** The ways people really hold a badge up to a kiosk's camera, for the tests and the bench. */
export const SHOTS = {
  // The QR corner held close to the camera, filling most of the frame (the first test's video).
  'close-up': { frame: VGA, width: 533, crop: [0.5, 0.4, 0.5, 0.6], room: false, at: [0.5, 0.5] },
  // The whole badge, held still (the QR code about 120 px wide).
  still: { frame: VGA, width: 540, room: true },
  // At arm's length: the QR code about 90 px wide in a 640×480 frame.
  'arm-640': { frame: VGA, width: 405, room: true, shake: 2, at: [0.45, 0.55] },
  // The whole badge small in an HD frame (a third of its width; the QR code about 85 px wide).
  'arm-1280': { frame: HD, width: 380, room: true, shake: 2, at: [0.4, 0.55] },
  tilted: { frame: VGA, width: 420, room: true, shake: 2, angle: 25, at: [0.5, 0.5] },
  perspective: { frame: VGA, width: 480, room: true, shake: 2, angle: -8, keystone: 0.75 },
  'upside-down': { frame: VGA, width: 480, room: true, shake: 2, angle: 180 },
  dim: { frame: VGA, width: 480, room: true, shake: 2, light: 0.35 },
  'moving-hand': { frame: VGA, width: 480, room: true, shake: 6, motion: 1.5, blur: 0.6 },
  noise: { frame: VGA, width: 480, room: true, shake: 2, noise: 28 },
  glare: { frame: VGA, width: 480, room: true, shake: 2, glare: 0.85 },
} as const satisfies Record<string, Shot>;

/**
 * A thumb over the middle of the QR code: the code is found in every frame but never read (the
 * kiosk's "A little closer"). Not one of SHOTS, which the bench expects to read every time. A badge
 * too small or too blurred to read is found without being read only in a narrow band (186–190 px
 * wide in 640×480; at 182 px nothing is found, at 194 px it reads), too narrow to test reliably.
 */
export const THUMB_OVER_CODE = { frame: VGA, width: 480, room: true, shake: 2, thumb: 0.45 } as const satisfies Shot;

export type ShotName = keyof typeof SHOTS;
const shotNamed = (name: ShotName | 'thumb'): Shot => (name === 'thumb' ? THUMB_OVER_CODE : SHOTS[name]);

/**
 * A fake camera video for Chromium: blank frames, then each badge held up for a while, with a
 * blank gap between so each is a new scan (see shared/recipes/fake-camera.md). Badges come from
 * the server's own PDF (one per page), rasterized by pdftoppm; ffmpeg composes every frame
 * (badge, room, light, blur, noise) and writes the .y4m file. Page i is held as `shots[i]`
 * (all shots of one video share a frame size).
 *
 * For measuring, the top-left 8×8 pixels say what is in view: black while the first badge of a
 * pair (an even page) is, mid grey while the second is, white otherwise. Nothing reads badges
 * from it; bench/kiosk-camera.ts times from it.
 *
 * Returns the video's path, its frame size and the frame where each badge first shows.
 *
 * @example
 * const { video } = makeBadgeVideo(dir, pdf, { shots: ['glare', 'glare'] });
 * const browser = await launchChromium(fakeCameraArgs(video));
 */
export function makeBadgeVideo(
  dir: string,
  pdf: Buffer,
  { shots = ['close-up'], blank = FPS, hold = 22, lead = blank, tail = blank * 2 }: { shots?: (ShotName | 'thumb')[]; blank?: number; hold?: number; lead?: number; tail?: number } = {},
): { video: string; frame: readonly [number, number]; firstFrames: number[] } {
  const pdfFile = join(dir, 'badges.pdf');
  writeFileSync(pdfFile, pdf);
  // 300 dpi: the badge is scaled down to its size in the frame, as a camera's optics would.
  execFileSync('pdftoppm', ['-r', '300', '-png', pdfFile, join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort();
  const shotOf = (i: number): Shot => shotNamed(shots[i % shots.length]!);
  const [W, H] = shotOf(0).frame;
  if (pages.some((_, i) => shotOf(i).frame[0] !== W || shotOf(i).frame[1] !== H)) throw new Error('All shots of one video need the same frame size');

  // The timeline: lead, then each badge for `hold` frames followed by `blank` frames, then tail.
  const firstFrames: number[] = [];
  let n = lead;
  for (let i = 0; i < pages.length; i++) {
    firstFrames.push(n);
    n += hold + (i < pages.length - 1 ? blank : 0);
  }
  const total = n + tail;
  const during = (i: number) => `between(n,${firstFrames[i]},${firstFrames[i]! + hold - 1})`;

  // Each badge as held, and the room, drawn once; the video moves them and adds light and noise.
  pages.forEach((page, i) => ffmpeg(['-i', join(dir, page), '-filter_complex', badgeGraph(shotOf(i), '0:v', 'out'), '-map', '[out]', '-frames:v', '1', join(dir, `held-${i}.png`)]));
  // The scene's light, focus and sensor are the first page's shot (one camera, one room).
  const scene = shotOf(0);
  ffmpeg(['-f', 'lavfi', '-i', scene.room === false ? `color=white:s=${W}x${H}` : room(W, H), '-frames:v', '1', join(dir, 'room.png')]);
  // Each picture decoded once and repeated (the image demuxer's -loop decodes it again every frame).
  const inputs = ['room.png', ...pages.map((_, i) => `held-${i}.png`)].flatMap((file) => ['-framerate', String(FPS), '-i', join(dir, file)]);
  const graph = inputs.filter((a) => a === '-i').map((_, i) => `[${i}:v]loop=loop=-1:size=1,setpts=N/${FPS}/TB[in${i}]`);
  let last = 'in0';
  pages.forEach((_, i) => {
    const s = shotOf(i);
    const [cx, cy] = s.at ?? [0.5, 0.52];
    const k = s.shake ?? 0;
    // A hand is never still: small offsets that change every frame, never repeating quickly.
    const x = `${cx}*W-w/2+${k}*(sin(n*1.9)+0.6*sin(n*4.3+1))/1.6`;
    const y = `${cy}*H-h/2+${k}*(sin(n*2.3+2)+0.6*sin(n*5.1))/1.6`;
    graph.push(`[${last}][in${i + 1}]overlay=x='${x}':y='${y}':eval=frame:enable='${during(i)}'[s${i}]`);
    last = `s${i}`;
  });
  const post: string[] = [];
  if (scene.light !== undefined) post.push(`lutrgb=r=val*${scene.light}:g=val*${scene.light}:b=val*${scene.light * 1.1}`, 'noise=alls=8:allf=t');
  if (scene.motion !== undefined) post.push(`dblur=angle=20:radius=${scene.motion}`);
  if (scene.blur !== undefined) post.push(`gblur=sigma=${scene.blur}`);
  if (scene.noise !== undefined) post.push(`noise=alls=${scene.noise}:allf=t+u`);
  const firsts = pages.map((_, i) => i).filter((i) => i % 2 === 0).map(during).join('+') || '0';
  const seconds = pages.map((_, i) => i).filter((i) => i % 2 === 1).map(during).join('+') || '0';
  post.push(
    'drawbox=x=0:y=0:w=8:h=8:color=white:t=fill',
    `drawbox=x=0:y=0:w=8:h=8:color=black:t=fill:enable='${firsts}'`,
    `drawbox=x=0:y=0:w=8:h=8:color=0x808080:t=fill:enable='${seconds}'`,
    'format=yuv420p',
  );
  graph.push(`[${last}]${post.join(',')}[out]`);

  const video = join(dir, 'cam.y4m');
  ffmpeg([...inputs, '-filter_complex', graph.join(';'), '-map', '[out]', '-r', String(FPS), '-frames:v', String(total), '-f', 'yuv4mpegpipe', video]);
  return { video, frame: [W, H], firstFrames };
}

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

/** A room behind the badge: a soft gradient with a bright window, a door and a shelf, out of focus. */
function room(w: number, h: number): string {
  return [
    `gradients=s=${w}x${h}:r=${FPS}:c0=0x8c7b66:c1=0x323c48:x0=0:y0=0:x1=${w}:y1=${h}:nb_colors=2`,
    `drawbox=x=${0.64 * w}:y=${0.06 * h}:w=${0.3 * w}:h=${0.36 * h}:color=0xdfe8f0:t=fill`,
    `drawbox=x=${0.64 * w}:y=${0.06 * h}:w=${0.3 * w}:h=${0.36 * h}:color=0x4a4038:t=${Math.round(0.012 * w)}`,
    `drawbox=x=${0.05 * w}:y=${0.3 * h}:w=${0.17 * w}:h=${0.7 * h}:color=0x5b4633:t=fill`,
    `drawbox=x=${0.3 * w}:y=${0.2 * h}:w=${0.28 * w}:h=${0.02 * h}:color=0x2a2622:t=fill`,
    'noise=alls=10:allf=u',
    `gblur=sigma=${w / 320}`,
  ].join(',');
}

/** The filter graph from `input` (a badge page) to `output` (the badge as held: cropped, scaled, with glare, a thumb, turned, in perspective). */
function badgeGraph(s: Shot, input: string, output: string): string {
  const size = s.crop
    ? // The close-up keeps the look of the earlier video: the page at 90 dpi, scaled up.
      `scale=iw*0.3:-1,crop=iw*${s.crop[2]}:ih*${s.crop[3]}:iw*${s.crop[0]}:ih*${s.crop[1]},scale=${s.frame[0]}:${s.frame[1]}:force_original_aspect_ratio=decrease,format=rgba`
    : `scale=${s.width}:-2:flags=area,format=rgba`;
  const chains: string[] = [];
  let badge = `[${input}]${size}`;
  if (s.glare !== undefined) {
    // A soft white blob centred on the QR code's top right corner, about half the code across.
    const alpha = `${Math.round(255 * s.glare)}*exp(-((X-0.94*W)^2+(Y-0.64*H)^2)/(2*(0.1*W)^2))`;
    chains.push(`${badge},split[${output}p][${output}g]`, `[${output}g]geq=r=255:g=255:b=255:a='${alpha}'[${output}l]`);
    badge = `[${output}p][${output}l]overlay,format=rgba`;
  }
  const f = [badge];
  if (s.thumb !== undefined) {
    // The code's square on the 4×3 badge: 28 mm at (70.6, 46.2) mm of 101.6 × 76.2 mm.
    const side = 28 * s.thumb;
    f.push(`drawbox=x=iw*${(84.6 - side / 2) / 101.6}:y=ih*${(60.2 - side / 2) / 76.2}:w=iw*${side / 101.6}:h=ih*${side / 76.2}:color=0xc48f74:t=fill`);
  }
  if (s.room !== false) {
    // Room to turn in, and the thumb holding the badge at its lower left edge.
    const pad = Math.round(s.width * 0.1);
    f.push(
      `pad=iw+${2 * pad}:ih+${2 * pad}:${pad}:${pad}:color=black@0`,
      `drawbox=x=${Math.round(pad - 0.04 * s.width)}:y=${Math.round(pad + 0.4 * s.width)}:w=${Math.round(0.1 * s.width)}:h=${Math.round(0.2 * s.width)}:color=0xc48f74:t=fill`,
    );
  }
  if (s.keystone !== undefined) {
    const k = (1 - s.keystone) / 2;
    f.push(`perspective=x0=0:y0=0:x1=W:y1=${k}*H:x2=0:y2=H:x3=W:y3=${1 - k}*H:sense=destination`);
  }
  if (s.angle !== undefined) {
    const a = `${s.angle}*PI/180`;
    f.push(`rotate=${a}:c=none:ow=rotw(${a}):oh=roth(${a})`);
  }
  chains.push(`${f.join(',')}[${output}]`);
  return chains.join(';');
}

/** Chromium flags that play `video` as the camera. */
export const fakeCameraArgs = (video: string) => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
];
