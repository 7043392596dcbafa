import { describe, expect, it } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee } from '../../../server/domain/attendee.ts';
import { newAttendeeSchema } from '../../../server/domain/attendee-rules.ts';
import { ProfileIndex } from '../../../server/domain/matching/profile-index.ts';
import { talkingPointsFor } from '../../../server/domain/talking-points.ts';
import { FSI, PDI, clip, dropUnpairedBidi, isolate, isolatedParts } from '../../../server/domain/user-text.ts';

const RLO = '\u202E';
const RLE = '\u202B';
const PDF = '\u202C';

describe('text people type, among our own words', () => {
  it('drops a direction override that is never closed, and keeps a closed pair', () => {
    expect(dropUnpairedBidi(`Cheap ${RLO}sgnikcab`)).toBe('Cheap sgnikcab');
    expect(dropUnpairedBidi(`a ${RLE}quoted${PDF} b`)).toBe(`a ${RLE}quoted${PDF} b`);
    expect(dropUnpairedBidi(`closes nothing${PDF}${PDI}`)).toBe('closes nothing');
    expect(dropUnpairedBidi(`${FSI}inner ${RLO}open${PDI} after`)).toBe(`${FSI}inner open${PDI} after`);
    expect(dropUnpairedBidi('Zoë Ångström')).toBe('Zoë Ångström');
  });

  it('stores a profile without the unclosed override a pasted offering carried', () => {
    const parsed = newAttendeeSchema.parse({ name: `Dana${RLO}`, email: 'dana@example.org', offering: `Bookkeeping ${RLO}software`, needs: [`Hiring${RLO}`] });
    expect(parsed.name).toBe('Dana');
    expect(parsed.offering).toBe('Bookkeeping software');
    expect(parsed.needs).toEqual(['Hiring']);
  });

  it('isolates right-to-left words and bidi controls in plain text, and leaves left-to-right text as typed', () => {
    expect(isolate('Dana Whitfield')).toBe('Dana Whitfield');
    expect(isolate('Đặng Thị Minh')).toBe('Đặng Thị Minh');
    expect(isolate('محمد')).toBe(`${FSI}محمد${PDI}`);
    expect(isolate('דוד')).toBe(`${FSI}דוד${PDI}`);
    expect(isolate(`old ${RLO}data`)).toBe(`${FSI}old ${RLO}data${PDI}`);
    expect(isolatedParts(`Ask ${isolate('محمد')} about “${isolate('تمويل')}”.`)).toEqual([
      { text: 'Ask ', isolated: false },
      { text: 'محمد', isolated: true },
      { text: ' about “', isolated: false },
      { text: 'تمويل', isolated: true },
      { text: '”.', isolated: false },
    ]);
  });

  it('clips by what a reader counts as one character, ending in an ellipsis', () => {
    expect(clip('Bartholomew' + 'x'.repeat(89), 24)).toBe('Bartholomewxxxxxxxxxxxx…');
    expect([...new Intl.Segmenter().segment(clip('👩‍💻'.repeat(30), 24))]).toHaveLength(24);
    expect(clip('Dana', 24)).toBe('Dana');
  });

  it('keeps an Arabic name and need inside isolates in a talking point, so the English around them stays in order', () => {
    const now = new Date('2026-12-03T09:00:00Z');
    const asker = createAttendee({ name: 'Dana Whitfield', email: 'dana@example.org', offering: 'Bookkeeping software for small firms' }, 'staff', now);
    const other = createAttendee({ name: 'نور حداد', email: 'noor@example.org', offering: 'تصميم المواقع', needs: ['تمويل للشركة'] }, 'staff', now);
    const index = new ProfileIndex(concepts, [asker, other]);
    const points = talkingPointsFor(asker, other, index, []);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(p.text.length).toBeLessThanOrEqual(160);
      // Every stretch of Arabic sits inside FSI…PDI; what is outside is our English frame.
      const outside = isolatedParts(p.text).filter((part) => !part.isolated).map((part) => part.text).join('');
      expect(outside).not.toMatch(/[\u0600-\u06FF]/);
      expect(outside).toMatch(/[A-Za-z]/);
    }
    expect(points.some((p) => p.text.includes(`${FSI}نور${PDI}`))).toBe(true);
  });
});
