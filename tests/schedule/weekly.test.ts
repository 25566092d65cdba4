// "Every Monday at 09:00 in the team's time zone", read from what people type and placed on the calendar.
import { describe, expect, it } from 'vitest';
import { describeWeekly, latestDue, localTime, nextDue, parseWeekly, timeOf, zoneOr } from '../../src/schedule/weekly.js';

describe('reading a weekly time', () => {
  it.each([
    ['weekly monday 09:00', { day: 'monday', time: '09:00' }],
    ['monday 9am', { day: 'monday', time: '09:00' }],
    ['every Friday at 4:30 pm', { day: 'friday', time: '16:30' }],
    ['on tuesdays at 17.45', { day: 'tuesday', time: '17:45' }],
    ['weekly wed', { day: 'wednesday', time: '09:00' }],
  ])('"%s"', (text, want) => {
    expect(parseWeekly(text, 'Europe/Berlin')).toEqual({ ...want, zone: 'Europe/Berlin' });
  });

  it('says what is wrong: no day, or a time that is not one', () => {
    expect(parseWeekly('weekly 09:00', 'UTC')).toEqual({ problem: expect.stringContaining('Which day?') });
    expect(parseWeekly('monday 25:00', 'UTC')).toEqual({ problem: expect.stringContaining('"25:00"') });
    expect(parseWeekly('monday soon', 'UTC')).toEqual({ problem: expect.stringContaining('"soon"') });
    expect(timeOf('13pm')).toBeUndefined();
    expect(timeOf('12am')).toBe('00:00');
  });

  it('a missing or unknown time zone is UTC; Windows names and offsets are not zones', () => {
    expect(zoneOr(undefined)).toBe('UTC');
    expect(zoneOr('W. Europe Standard Time')).toBe('UTC');
    expect(zoneOr('+02:00')).toBe('UTC');
    expect(zoneOr('America/New_York')).toBe('America/New_York');
    expect(parseWeekly('monday 09:00', 'Not/AZone')).toMatchObject({ zone: 'UTC' });
  });
});

describe('when it is due', () => {
  const berlin = { day: 'monday', time: '09:00', zone: 'Europe/Berlin' } as const;

  it('09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(latestDue(berlin, new Date('2027-03-03T12:00:00Z')).toISOString()).toBe('2027-03-01T08:00:00.000Z');
    // Clocks go forward on 28 March 2027: the Monday after, 09:00 is 07:00 UTC.
    expect(latestDue(berlin, new Date('2027-03-30T12:00:00Z')).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });

  it('the latest occurrence at or before now, and the next one after it', () => {
    const at = new Date('2027-03-01T08:00:00Z');
    expect(latestDue(berlin, at).toISOString()).toBe(at.toISOString());
    expect(latestDue(berlin, new Date(at.getTime() - 1)).toISOString()).toBe('2027-02-22T08:00:00.000Z');
    expect(nextDue(berlin, at).toISOString()).toBe('2027-03-08T08:00:00.000Z');
    expect(nextDue(berlin, new Date(at.getTime() - 1)).toISOString()).toBe(at.toISOString());
  });

  it('weeks missed count once: the latest occurrence is the only one due', () => {
    expect(latestDue(berlin, new Date('2027-04-21T00:00:00Z')).toISOString()).toBe('2027-04-19T07:00:00.000Z');
  });

  it('reads back as people write it', () => {
    expect(describeWeekly(berlin)).toBe('Mondays at 09:00 (Europe/Berlin)');
    expect(localTime(new Date('2027-03-08T08:00:00Z'), 'Europe/Berlin')).toBe('Monday 8 March 2027, 09:00 (Europe/Berlin)');
  });
});
