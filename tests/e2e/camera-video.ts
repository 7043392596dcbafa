import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FPS = 15;

/**
 * A fake camera video for Chromium: blank frames, then each badge held up for a while, with a
 * blank gap between so each is a new scan (see shared/recipes/fake-camera.md). Badges come from
 * the server's own PDF (one per page), rasterized by pdftoppm; ffmpeg writes the .y4m file.
 * Returns the video's path and the frame where each badge first shows.
 */
export function makeBadgeVideo(dir: string, pdf: Buffer, { blank = FPS, hold = 22 } = {}): { video: string; firstFrames: number[] } {
  const pdfFile = join(dir, 'badges.pdf');
  writeFileSync(pdfFile, pdf);
  execFileSync('pdftoppm', ['-r', '90', '-png', pdfFile, join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort();
  const fit = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:white';
  const still = (input: string[], out: string) => {
    const crop = input.indexOf('-vf');
    const filter = crop >= 0 ? `${input[crop + 1]},${fit}` : fit;
    const args = crop >= 0 ? [...input.slice(0, crop), ...input.slice(crop + 2)] : input;
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, '-vf', filter, '-frames:v', '1', join(dir, out)]);
  };
  still(['-f', 'lavfi', '-i', 'color=white:s=640x480'], 'blank.png');
  // Someone holds the QR corner of their badge up to the camera, not the whole badge at arm's length.
  pages.forEach((p, i) => still(['-i', join(dir, p), '-vf', 'crop=iw*0.5:ih*0.6:iw*0.5:ih*0.4'], `badge-${i}.png`));

  const frames = join(dir, 'frames');
  mkdirSync(frames, { recursive: true });
  let n = 0;
  const put = (file: string, count: number) => {
    for (let k = 0; k < count; k++) copyFileSync(join(dir, file), join(frames, `f${String(++n).padStart(4, '0')}.png`));
  };
  const firstFrames: number[] = [];
  put('blank.png', blank);
  pages.forEach((_, i) => {
    firstFrames.push(n + 1);
    put(`badge-${i}.png`, hold);
    put('blank.png', blank);
  });
  put('blank.png', blank * 2);
  const video = join(dir, 'cam.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-framerate', String(FPS), '-i', join(frames, 'f%04d.png'), '-vf', 'format=yuv420p', '-f', 'yuv4mpegpipe', video]);
  return { video, firstFrames };
}

/** Chromium flags that play `video` as the camera. */
export const fakeCameraArgs = (video: string) => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
];
