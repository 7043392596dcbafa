import { z } from 'zod';

/**
 * A badge stock, as a file in badge-templates/ describes it: data, not code. Lengths are in
 * millimetres from the top-left corner (of the page for the grid, of the badge for fields);
 * font sizes in points.
 */

const mm = z.number().nonnegative();
const positive = z.number().positive();

export const fontWeightSchema = z.enum(['regular', 'bold']);
export type FontWeight = z.infer<typeof fontWeightSchema>;

const box = { x: mm, y: mm, width: positive, height: positive };

const textFieldSchema = z
  .strictObject({
    ...box,
    fontSize: positive,
    /** Shrink-to-fit stops here; past it the text wraps, then is cut with an ellipsis. */
    minFontSize: positive,
    weight: fontWeightSchema.default('regular'),
    align: z.enum(['left', 'center', 'right']).default('left'),
    maxLines: z.number().int().min(1).max(4).default(1),
    /**
     * "shrink": keep to one line down to minFontSize, only then wrap (names: one line reads as a
     * name). "wrap": the largest size that fits in maxLines (an offering reads better on two
     * lines than shrunk onto one).
     */
    prefer: z.enum(['shrink', 'wrap']).default('wrap'),
  })
  .refine((f) => f.minFontSize <= f.fontSize, { error: 'minFontSize must not exceed fontSize.' });

export const templateSchema = z.strictObject({
  label: z.string().min(1),
  page: z.strictObject({ width: positive, height: positive }),
  badge: z.strictObject({ width: positive, height: positive }),
  grid: z.strictObject({
    columns: z.number().int().min(1),
    rows: z.number().int().min(1),
    left: mm,
    top: mm,
    gapX: mm.default(0),
    gapY: mm.default(0),
  }),
  cutMarks: z.boolean().default(false),
  /** Label stocks a Zebra printer can print from ZPL (one badge per label). */
  zpl: z.boolean().default(false),
  fields: z.strictObject({
    name: textFieldSchema,
    company: textFieldSchema,
    offering: textFieldSchema,
    event: textFieldSchema,
    qr: z.strictObject({ x: mm, y: mm, size: positive }),
  }),
});

export type BadgeTemplate = z.infer<typeof templateSchema> & { name: string };
export type TextField = z.infer<typeof textFieldSchema>;
export type TextFieldName = 'name' | 'company' | 'offering' | 'event';
