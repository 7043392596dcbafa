import { describe, expect, it } from 'vitest';
import { demoServerAndBrowser, staffFetch } from './browser.ts';

const ctx = demoServerAndBrowser();
const staffGet = async (path: string) => (await staffFetch(ctx.server, path)).json() as Promise<any>;

describe('registration page in Chromium', () => {
  it('coaches the offering: a live counter and a hint past about twenty words', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.localUrl}/register`);
    const offering = page.getByLabel(/Your offering/);
    await offering.fill('I help seed-stage teams ship their first data pipeline');
    await page.getByText('54/120').waitFor();
    await offering.fill('a b c d e f g h i j k l m n o p q r s t u v w');
    await page.getByText(/That is 23 words\. Shorter reads faster/).waitFor();
    // One line: the field is a single-line input that stops at 120 characters.
    await offering.fill('x'.repeat(130));
    expect((await offering.inputValue()).length).toBe(120);
    await page.close();
  });

  it('registers an attendee with needs and consents, then lets them fix it through their link', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.localUrl}/register`);
    await page.getByLabel('Name', { exact: true }).fill('李小龍 Test');
    await page.getByLabel('Email', { exact: true }).fill('xiaolong.test@example.org');
    await page.getByLabel('Company', { exact: true }).fill('Jade Bridge');
    await page.getByLabel(/Your offering/).fill('Sourcing and quality checks in Shenzhen');
    await page.getByLabel('Need 1', { exact: true }).fill('hiring!!');
    await page.getByRole('button', { name: 'Add another need' }).click();
    await page.getByLabel('Need 2', { exact: true }).fill('Freight to Rotterdam');
    await page.getByRole('button', { name: 'Add another need' }).click();
    await page.getByLabel('Need 3', { exact: true }).fill('funding');
    expect(await page.getByRole('button', { name: 'Add another need' }).count()).toBe(0);
    await page.getByLabel('Share my email with the people I meet').check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Thank you, 李小龍 Test!').waitFor();
    const link = (await page.locator('bx-register-app p.link').textContent())!;
    expect(link).toMatch(/\/me\/[\w-]{22}$/);
    // The link is a button and a QR to open it on the phone (it was mailed too).
    expect(await page.getByRole('link', { name: 'Open my page' }).getAttribute('href')).toBe(link);
    await page.getByRole('img', { name: /QR code of your page's link/ }).waitFor();

    const { attendees } = await staffGet('/api/attendees?q=xiaolong.test');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]).toMatchObject({
      name: '李小龍 Test', needs: ['hiring!!', 'Freight to Rotterdam', 'funding'], shareEmail: true, digest: true, source: 'register',
    });

    await page.goto(`${ctx.server.localUrl}/me/${link.split('/me/')[1]}`);
    await page.getByRole('button', { name: 'My profile' }).click();
    await expect.poll(() => page.getByLabel('Company', { exact: true }).inputValue()).toBe('Jade Bridge');
    await page.getByLabel('Company', { exact: true }).fill('Jade Bridge Trading');
    await page.getByRole('button', { name: 'Save my profile' }).click();
    await page.getByText('Your profile is saved.').waitFor();
    expect((await staffGet(`/api/attendees/${attendees[0].id}`)).company).toBe('Jade Bridge Trading');
    await page.close();
  });

  it('shows what the server refused, beside the field', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.localUrl}/register`);
    await page.getByLabel('Name', { exact: true }).fill('Dana Again');
    await page.getByLabel('Email', { exact: true }).fill('dana@ledgerlight.example');
    await page.getByLabel(/Your offering/).fill('Bookkeeping');
    await page.getByLabel('Need 1', { exact: true }).fill('Funding');
    await page.getByRole('button', { name: 'Register' }).click();
    // Registered before: the link goes to the address on file, never to this screen.
    await page.getByText('Check your mail').waitFor();
    await page.getByText(/already registered\. We have sent the personal link to dana@ledgerlight\.example/).waitFor();
    const shown = await page.locator('bx-register-app main').innerHTML();
    expect(shown).toContain('dana@ledgerlight.example');
    expect(shown).not.toMatch(/\/me\//);

    await page.goto(`${ctx.server.localUrl}/register`);
    await page.getByLabel('Name', { exact: true }).fill('Dana Again');
    await page.getByLabel(/Your offering/).fill('Bookkeeping');
    await page.getByLabel('Need 1', { exact: true }).fill('');
    await page.getByLabel('Email', { exact: true }).fill('dana.again@example.org');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Give at least one need: what are you looking for?').first().waitFor();
    await page.close();
  });
});
