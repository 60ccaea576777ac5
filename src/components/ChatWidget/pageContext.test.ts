// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { currentPage, pageLanguage, withPageMetadata } from './pageContext';

afterEach(() => {
  document.documentElement.removeAttribute('lang');
  window.history.replaceState(null, '', '/');
});

describe('the page the reader is on', () => {
  it('is read when asked: path, title and <html lang>', () => {
    window.history.replaceState(null, '', '/ur/docs/ros2/overview?x=1');
    document.title = 'ROS 2 | Physical AI';
    document.documentElement.lang = 'ur';
    expect(currentPage()).toEqual({
      url: '/ur/docs/ros2/overview?x=1',
      title: 'ROS 2 | Physical AI',
      locale: 'ur',
    });
    expect(pageLanguage()).toBe('ur');
  });

  it('goes into metadata.page of a protocol request, keeping other metadata', () => {
    const page = { url: '/docs/intro/', title: 'Intro', locale: 'en' };
    const body = JSON.stringify({ type: 'threads.create', params: {}, metadata: { a: 1 } });
    expect(JSON.parse(withPageMetadata(body, page) as string)).toEqual({
      type: 'threads.create',
      params: {},
      metadata: { a: 1, page },
    });
    const bare = JSON.stringify({ type: 'threads.list', params: {} });
    expect(JSON.parse(withPageMetadata(bare, page) as string).metadata).toEqual({ page });
  });

  it('leaves anything else alone', () => {
    const page = { url: '/', title: '', locale: 'en' };
    expect(withPageMetadata('not json', page)).toBe('not json');
    expect(withPageMetadata('{"no":"type"}', page)).toBe('{"no":"type"}');
    expect(withPageMetadata(undefined, page)).toBeUndefined();
  });
});
