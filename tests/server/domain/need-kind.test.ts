import { describe, expect, it } from 'vitest';
import { asksForCustomers, needKind, type NeedKind } from '../../../server/domain/matching/need-kind.ts';

describe('needKind', () => {
  it.each<[string, NeedKind]>([
    // The issue's own examples: a hire, the customers someone wants, a problem.
    ['A designer for our new website', 'person'],
    ['Startups whose cash flow forecasting is a mess', 'customers'],
    ['Our cloud bill doubled', 'problem'],
    // A person or a hire, by role, by lead-in or by the action that opens the need.
    ['two backend developers', 'person'],
    ['hiring!!', 'person'],
    ['Hiring a designer', 'person'],
    ['We are looking for two frontend engineers', 'person'],
    ['Seeking a part-time CFO', 'person'],
    ['A new coffee supplier for our café', 'person'],
    ['A fund manager for my pension', 'person'],
    ['Cleaning staff', 'person'],
    ['Someone to lead our sales team', 'person'],
    ['A regulatory expert for medical devices', 'person'],
    ['Sales hires with climate background', 'person'],
    // Customers or partners.
    ['Distributors in Asia', 'customers'],
    ['Farmers who want to sell direct', 'customers'],
    ['First 50 customers', 'customers'],
    ['More demo requests', 'customers'],
    ['Closing our first enterprise customers', 'customers'],
    ['Pilot sites for our water sensors', 'customers'],
    ['clients!', 'customers'],
    // Organisations named first are whom the person wants to reach, whatever they are doing.
    ['Companies hiring junior developers', 'customers'],
    ['Climate founders raising a pre-seed round', 'customers'],
    ['Building owners planning renovations', 'customers'],
    ['Introductions to CTOs of 20–200 person startups', 'customers'],
    ['New clients among freelancers', 'customers'],
    // Money, and look-alikes that are not.
    ['funding', 'money'],
    ['Raising a pre-seed round', 'money'],
    ['Looking for our first angel investors', 'money'],
    ['Series A', 'money'],
    ['Grants and donations for our youth centre', 'money'],
    ['Angel cake recipes', 'advice'],
    ['GPU credits', 'other'],
    // Advice or knowledge.
    ['Are we GDPR compliant?', 'advice'],
    ['Why our ads stopped working', 'advice'],
    ['Advice on hiring our first salesperson', 'advice'],
    ['Instagram help', 'advice'],
    ['Learning Spanish for our Madrid launch', 'advice'],
    // A problem: a statement of how things are, an improvement, an undertaking under way.
    ['Our deploys take an hour', 'problem'],
    ['Users get lost in onboarding', 'problem'],
    ['Nobody understands our burn rate', 'problem'],
    ['Better invoicing', 'problem'],
    ['Too many returns', 'problem'],
    ['Passing our first SOC 2 audit', 'problem'],
    ['Getting parcels to customers the same day', 'problem'],
    ['Answering customer tickets at night', 'problem'],
    // A thing, a place or a service; things whose names end like a role's.
    ['A new logo', 'other'],
    ['Office space', 'other'],
    ['A new tractor', 'other'],
    ['An explainer video for our homepage', 'other'],
    ['Team photos', 'other'],
    ['More office space', 'other'],
    ['Speaking slots at HR events', 'other'],
    ['', 'other'],
    ['!!!', 'other'],
  ])('%s → %s', (need, kind) => {
    expect(needKind(need)).toBe(kind);
  });

  it('reads a fragment the same however it is cased or punctuated', () => {
    for (const need of ['HIRING', ' hiring ', 'Hiring.', 'hiring!!']) expect(needKind(need)).toBe('person');
  });
});

describe('asksForCustomers (the claim rule keeps it as it was)', () => {
  it.each<[string, boolean]>([
    ['Startups whose cash flow forecasting is a mess', true],
    ['Clients in healthcare', true],
    ['A designer for our website', false],
    ['Hiring two backend developers', false],
    // Not customers for the claim rule, although needKind reads them so: it looks only at group words.
    ['Distributors in Asia', false],
    ['More demo requests', false],
  ])('%s → %s', (need, expected) => {
    expect(asksForCustomers(need)).toBe(expected);
  });
});
