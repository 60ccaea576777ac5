// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetCutShort, readCutShort, rememberCutShort } from './cut-short';

afterEach(() => sessionStorage.clear());

describe('answers cut short, remembered for the tab', () => {
  it('remembers how each answer of a thread ended, and forgets the ones that are gone', () => {
    rememberCutShort('thr_1', 'msg_a', 'stopped');
    rememberCutShort('thr_1', 'msg_b', 'reloaded');
    rememberCutShort('thr_2', 'msg_c', 'dropped');
    expect(readCutShort('thr_1')).toEqual(
      new Map([
        ['msg_a', 'stopped'],
        ['msg_b', 'reloaded'],
      ]),
    );
    forgetCutShort('thr_1', ['msg_a', 'msg_x']);
    expect([...readCutShort('thr_1').keys()]).toEqual(['msg_b']);
    forgetCutShort('thr_1', ['msg_b']);
    expect(sessionStorage.getItem('chatkit-local:cut-short:thr_1')).toBeNull();
    expect(readCutShort('thr_2').get('msg_c')).toBe('dropped');
  });

  it('reads what another script wrote there as no marks, and keeps only known kinds', () => {
    sessionStorage.setItem('chatkit-local:cut-short:thr_1', '{not json');
    expect(readCutShort('thr_1').size).toBe(0);
    sessionStorage.setItem('chatkit-local:cut-short:thr_1', '["msg_a"]');
    expect(readCutShort('thr_1').size).toBe(0);
    sessionStorage.setItem(
      'chatkit-local:cut-short:thr_1',
      JSON.stringify({ msg_a: 'stopped', msg_b: '<img src=x>', msg_c: 3, __proto__: 'dropped' }),
    );
    expect(readCutShort('thr_1')).toEqual(new Map([['msg_a', 'stopped']]));
  });

  it('keeps the newest 50 marks of a thread', () => {
    for (let i = 0; i < 60; i++) rememberCutShort('thr_1', `msg_${i}`, 'stopped');
    const marks = readCutShort('thr_1');
    expect(marks.size).toBe(50);
    expect(marks.has('msg_9')).toBe(false);
    expect(marks.has('msg_59')).toBe(true);
  });

  it('works without storage (refused or full): nothing is remembered, nothing throws', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(() => rememberCutShort('thr_1', 'msg_a', 'stopped')).not.toThrow();
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(readCutShort('thr_1').size).toBe(0);
  });
});
