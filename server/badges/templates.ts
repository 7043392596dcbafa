import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { templateSchema, type BadgeTemplate } from '../domain/badge-template.ts';
import { QUIET_ZONE } from '../domain/qr-matrix.ts';

export const TEMPLATES_DIR = new URL('../../badge-templates/', import.meta.url).pathname;

// The largest symbol a badge URL needs (version 4: 33 modules) must still be 2 cm wide, so a
// phone reads it at arm's length.
const MIN_QR_SYMBOL_MM = 20;
const LARGEST_SYMBOL_MODULES = 33;

/** Geometry a template must obey: every badge on the page, every field on the badge, a readable QR. */
export function templateProblems(t: BadgeTemplate): string[] {
  const problems: string[] = [];
  const { columns, rows, left, top, gapX, gapY } = t.grid;
  if (left + columns * t.badge.width + (columns - 1) * gapX > t.page.width + 0.01) problems.push('the badges are wider than the page');
  if (top + rows * t.badge.height + (rows - 1) * gapY > t.page.height + 0.01) problems.push('the badges are taller than the page');
  for (const [name, f] of Object.entries(t.fields)) {
    const width = 'size' in f ? f.size : f.width;
    const height = 'size' in f ? f.size : f.height;
    if (f.x + width > t.badge.width + 0.01 || f.y + height > t.badge.height + 0.01) problems.push(`the ${name} box leaves the badge`);
  }
  const symbol = (t.fields.qr.size * LARGEST_SYMBOL_MODULES) / (LARGEST_SYMBOL_MODULES + 2 * QUIET_ZONE);
  if (symbol < MIN_QR_SYMBOL_MM) problems.push(`the QR box must be at least ${Math.ceil((MIN_QR_SYMBOL_MM * 41) / 33)} mm so the code is 2 cm wide`);
  return problems;
}

/** Reads and checks every template file; a broken file stops the start with its name and problem. */
export function loadTemplates(dir = TEMPLATES_DIR): Map<string, BadgeTemplate> {
  const templates = new Map<string, BadgeTemplate>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const name = basename(file, '.json');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new Error(`Badge template ${file} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = templateSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`Badge template ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const template = { ...parsed.data, name };
    const problems = templateProblems(template);
    if (problems.length) throw new Error(`Badge template ${file}: ${problems.join('; ')}.`);
    templates.set(name, template);
  }
  return templates;
}
