import { describe, expect, it } from 'vitest';
import { eventClock } from '../../server/domain/event-time.ts';
import { demoServerAndBrowser, signIn, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();
const staffGet = async (path: string) => (await staffFetch(ctx.server, path)).json() as Promise<any>;

// Two people from outside the shipped concept list: their words share nothing a matcher could
// trust ("vets", "clinic"), so only the topic they both confirm can make the claim.
describe('topics in Chromium', () => {
  it('staff add a topic; two people confirm it when they register; the kiosk says the offering may help; staff mark it wrong', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await signIn(page, ctx.server);
    await page.getByRole('button', { name: 'Topics' }).click();
    await page.getByLabel(/^Name/).fill('Veterinary practices');
    await page.getByLabel(/^Words that name it/).fill('vets, veterinary, animal clinic');
    await page.getByLabel(/^Example offerings/).fill('Practice software for vets');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await page.getByText('Added "Veterinary practices"').waitFor();
    await expect.poll(() => page.locator('li.topic[data-id="veterinary-practices"]').innerText()).toMatch(/this event[\s\S]*reaches 0 people/);

    // Vera types her offering: the topic is proposed as a chip, and she confirms it with a tap.
    const register = async (name: string, email: string, offering: string, need: string, confirm: (p: typeof page) => Promise<void>) => {
      await page.goto(`${ctx.server.localUrl}/register`);
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel(/Your offering/).fill(offering);
      await page.getByLabel('Need 1', { exact: true }).fill(need);
      await confirm(page);
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByText(`Thank you, ${name}!`).waitFor();
    };
    await register('Vera Nagy', 'vera@example.org', 'Practice software for vets', 'A bookkeeper', async (p) => {
      await p.getByRole('group', { name: 'Topics of your offering' }).getByRole('button', { name: '+ Veterinary practices' }).click();
      await p.getByRole('group', { name: 'Topics of your offering' }).getByRole('button', { name: '✓ Veterinary practices' }).waitFor();
    });
    // Cal's need names no topic; he picks it from the list.
    await register('Cal Osei', 'cal@example.org', 'Dog grooming in the old town', 'Something to run bookings at our clinic', async (p) => {
      await p.getByLabel('Topics of need 1: add another topic').selectOption({ label: 'Veterinary practices' });
      await p.getByRole('group', { name: 'Topics of need 1' }).getByRole('button', { name: '✓ Veterinary practices' }).waitFor();
    });
    const vera = (await staffGet('/api/attendees?q=vera@example.org')).attendees[0];
    const cal = (await staffGet('/api/attendees?q=cal@example.org')).attendees[0];
    expect(vera.offeringTopics).toEqual(['veterinary-practices']);
    expect(cal.needTopics).toEqual([['veterinary-practices']]);

    // At a kiosk (a keyboard-wedge scanner types each badge and Enter).
    const { pairingUrl } = await (await staffFetch(ctx.server, '/api/kiosks', { method: 'POST', body: JSON.stringify({ name: 'Vet corner' }) })).json();
    const kiosk = await ctx.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await kiosk.goto(`${ctx.server.localUrl}/kiosk${new URL(pairingUrl).search}`);
    await kiosk.getByText('Tap your badges').waitFor();
    // A keyboard-wedge scanner types each badge and Enter.
    const tap = async (...people: { badgeUrl: string }[]) => {
      for (const who of people) {
        await kiosk.keyboard.type(who.badgeUrl);
        await kiosk.keyboard.press('Enter');
        await kiosk.waitForTimeout(50);
      }
    };
    await tap(vera, cal);
    await kiosk.getByText('Vera, with Cal:').waitFor();
    const forVera = await kiosk.locator('bx-talking-points').first().locator('li').allInnerTexts();
    expect(forVera[0]).toMatch(/YOU MAY HELP[\s\S]*“Something to run bookings at our clinic”/i);
    await kiosk.getByRole('button', { name: 'Done' }).click();

    // The console lists the claim, at its time in the event's zone (Kathmandu, UTC+5:45, is no
    // browser's own); marked wrong, the kiosk asks instead next time.
    await staffFetch(ctx.server, '/api/event', { method: 'PATCH', body: JSON.stringify({ timeZone: 'Asia/Kathmandu' }) });
    await page.goto(`${ctx.server.localUrl}/staff`);
    await page.getByRole('button', { name: 'Claims' }).click();
    await page.getByText('Vera Nagy → Cal Osei').waitFor();
    const claim = (await staffGet('/api/claims')).claims.find((c: { offeredBy: { name: string } }) => c.offeredBy.name === 'Vera Nagy');
    expect(await page.locator('li', { hasText: 'Vera Nagy → Cal Osei' }).first().innerText()).toContain(`· ${eventClock(claim.at, 'Asia/Kathmandu')}`);
    await page.getByRole('button', { name: /^Mark wrong: Vera Nagy's offering/ }).click();
    await page.getByText(/Marked wrong: Vera Nagy's offering will not be said to help/).waitFor();
    await page.locator('ul.wrong').getByText('Vera Nagy → Cal Osei').waitFor();
    await tap(cal, vera);
    await kiosk.getByText('You’ve met before').waitFor();
    const again = await kiosk.locator('bx-talking-points').last().locator('li').allInnerTexts();
    expect(again.join('\n')).toContain('Something to run bookings at our clinic');
    expect(again.join('\n')).not.toMatch(/YOU MAY HELP/i);
    await kiosk.close();
    await page.close();
  });
  // /register is tested above; the same chips on the own page and in the staff editor are wired
  // up by each page (its topic list and its proposer), so each is tried once.
  it('an attendee confirms a proposed topic on their own page, and staff on the editor, and removes one with a tap', async () => {
    const dana = (await staffGet('/api/attendees?q=dana@ledgerlight.example')).attendees[0];
    const phone = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(dana.profileUrl.replace(/^https?:\/\/[^/]+/, ctx.server.localUrl));
    await phone.getByRole('button', { name: 'My profile' }).click();
    const need2 = phone.getByRole('group', { name: 'Topics of need 2' });
    await need2.getByRole('button', { name: '+ hiring' }).click();
    await need2.getByRole('button', { name: '✓ hiring' }).waitFor();
    await phone.getByRole('button', { name: 'Save my profile' }).click();
    await phone.getByText('Your profile is saved.').waitFor();
    expect((await staffGet(`/api/attendees/${dana.id}`)).needTopics).toEqual([[], ['hiring']]);
    await phone.close();

    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ctx.server);
    await page.getByRole('button', { name: 'Edit Aisha Mbeki' }).click();
    const offering = page.getByRole('group', { name: 'Topics of your offering' });
    await offering.getByRole('button', { name: '+ hiring' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Aisha Mbeki.').waitFor();
    const aisha = (await staffGet('/api/attendees?q=aisha@talentbridge.example')).attendees[0];
    expect(aisha.offeringTopics).toEqual(['hiring']);
    // Dana's confirmation is there in the editor too; a tap on it removes it.
    await page.getByRole('button', { name: 'Edit Dana Whitfield' }).click();
    await page.getByRole('group', { name: 'Topics of need 2' }).getByRole('button', { name: '✓ hiring' }).click();
    await page.getByRole('group', { name: 'Topics of need 2' }).getByRole('button', { name: '+ hiring' }).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved Dana Whitfield.').waitFor();
    expect((await staffGet(`/api/attendees/${dana.id}`)).needTopics).toEqual([[], []]);
    await page.close();
  });
});
