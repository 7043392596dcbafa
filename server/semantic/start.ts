import concepts from '../../matching/concepts.json' with { type: 'json' };
import { SemanticIndex } from './semantic-index.ts';
import { SentenceEncoder } from './sentence-encoder.ts';
import { TextVectorCache } from './text-vector-cache.ts';
import { readVectorFile } from './vector-file.ts';

const VECTOR_FILE = new URL('../../matching/concept-vectors.json', import.meta.url).pathname;

/**
 * The sentence model and the concepts' place in it, for the server. A model that fails to load
 * costs nothing but the paraphrases: talking points fall back to words and concepts, and say why
 * once on stderr.
 */
export async function startSemanticIndex(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  { dataDir }: { dataDir?: string } = {},
) {
  const encoder = new SentenceEncoder();
  // With a data folder, what the model read is kept there and a restart reads only new texts.
  const cache = dataDir ? await TextVectorCache.open(dataDir) : null;
  const index = new SemanticIndex(encoder, concepts, await readVectorFile(VECTOR_FILE), log, cache);
  index.ready.catch((err: Error) => log(`Talking points use words and concepts only: the sentence model did not load (${err.message}).`));
  return {
    index,
    cache,
    async close() {
      await encoder.close();
      await index.settled();
      await cache?.close();
    },
  };
}
