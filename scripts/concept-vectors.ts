// `npm run concept-vectors`: reads every term and example of matching/concepts.json with the
// sentence model and writes matching/concept-vectors.json, so servers start without doing it.
import concepts from '../matching/concepts.json' with { type: 'json' };
import { exemplarTexts } from '../server/domain/matching/concept-space.ts';
import { SentenceEncoder } from '../server/semantic/sentence-encoder.ts';
import { writeVectorFile } from '../server/semantic/vector-file.ts';

const path = new URL('../matching/concept-vectors.json', import.meta.url);
const texts = [...new Set(exemplarTexts(concepts).flatMap((c) => [...c.offers, ...c.needs]))];
const encoder = new SentenceEncoder();
const started = Date.now();
const vectors = await encoder.encode(texts);
await encoder.close();
await writeVectorFile(path.pathname, new Map(texts.map((t, i) => [t, vectors[i]!])));
console.log(`${texts.length} texts read in ${((Date.now() - started) / 1000).toFixed(1)} s → matching/concept-vectors.json`);
