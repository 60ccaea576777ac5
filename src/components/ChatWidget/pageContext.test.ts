// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { readChatRequest } from './chatTransport';
import { currentPage, pageLanguage } from './pageContext';

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

  it('goes into metadata.page of a protocol request, keeping other metadata; read once', () => {
    const page = { url: '/docs/intro/', title: 'Intro', locale: 'en' };
    const content = [{ type: 'input_text', text: 'What is ROS 2?' }];
    const body = JSON.stringify({
      type: 'threads.create',
      params: { input: { content } },
      metadata: { a: 1 },
    });
    const read = readChatRequest(body, page);
    expect(read).toMatchObject({ type: 'threads.create', question: 'What is ROS 2?' });
    expect(JSON.parse(read.body as string)).toEqual({
      type: 'threads.create',
      params: { input: { content } },
      metadata: { a: 1, page },
    });
    const bare = readChatRequest(JSON.stringify({ type: 'threads.list', params: {} }), page);
    expect(bare).toMatchObject({ type: 'threads.list', question: null });
    expect(JSON.parse(bare.body as string).metadata).toEqual({ page });
  });

  it('leaves anything else alone', () => {
    const page = { url: '/', title: '', locale: 'en' };
    const alone = { type: null, question: null };
    expect(readChatRequest('not json', page)).toEqual({ ...alone, body: 'not json' });
    expect(readChatRequest('{"no":"type"}', page)).toEqual({ ...alone, body: '{"no":"type"}' });
    expect(readChatRequest(undefined, page)).toEqual({ ...alone, body: undefined });
  });
});
