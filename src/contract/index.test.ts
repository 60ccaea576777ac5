import { describe, expect, it } from 'vitest';
import {
  errorEnvelopeSchema,
  healthResponseSchema,
  itemUpdateSchema,
  readStreamEvent,
  sessionResponseSchema,
  sourceSchema,
  threadItemSchema,
  threadSchema,
  userMessageItemSchema,
} from './index';
import { parseJson } from './wire';

const at = '2026-11-30T20:00:00Z';

describe('parse and safeParse', () => {
  it('returns the value read, or fails with the issues and where they are', () => {
    expect(threadSchema.safeParse({ id: 'thr_1', created_at: at })).toEqual({
      success: true,
      data: {
        id: 'thr_1',
        created_at: at,
        status: { type: 'active' },
        metadata: {},
        items: { data: [], has_more: false },
      },
    });
    const failed = threadSchema.safeParse({ id: 'thr_1', created_at: at, title: 3 });
    expect(failed.success).toBe(false);
    expect(failed.data).toBeUndefined();
    expect(failed.error).toBeInstanceOf(Error);
    expect(failed.error?.issues).toMatchObject([{ path: ['title'], message: expect.any(String) }]);
    expect(() => threadSchema.parse({ id: 'thr_1' })).toThrow(/created_at/);
  });

  it('works detached from its schema', () => {
    const { parse } = sessionResponseSchema;
    expect(parse({ client_secret: 's', extra: 1 })).toEqual({ client_secret: 's' });
  });

  // A default copied only shallowly would give every thread read without items one shared array.
  it('gives every parse its own default objects, nested ones too', () => {
    const first = threadSchema.parse({ id: 'a', created_at: at });
    const second = threadSchema.parse({ id: 'b', created_at: at });
    expect(first.items.data).not.toBe(second.items.data);
    expect(first.metadata).not.toBe(second.metadata);
  });
});

describe('how the schema building blocks read where valibot alone would differ', () => {
  it('refuses an array where an object whose fields are all optional is expected', () => {
    const item = { id: 'msg_1', thread_id: 'thr_1', created_at: at, type: 'user_message' };
    expect(userMessageItemSchema.safeParse({ ...item, content: [] }).success).toBe(true);
    expect(
      userMessageItemSchema.safeParse({ ...item, content: [], inference_options: [] }).success,
    ).toBe(false);
    expect(threadSchema.safeParse({ id: 'thr_1', created_at: at, items: [] }).success).toBe(false);
    expect(threadSchema.safeParse({ id: 'thr_1', created_at: at, metadata: [] }).success).toBe(
      false,
    );
  });

  it('refuses an infinite number (JSON 1e999) and an unsafe integer', () => {
    const envelope = (retryAfter: string) =>
      parseJson(`{"error":{"type":"X","message":"m","retry_after":${retryAfter}},"timestamp":"t"}`);
    expect(errorEnvelopeSchema.safeParse(envelope('1.5')).success).toBe(true);
    expect(errorEnvelopeSchema.safeParse(envelope('1e999')).success).toBe(false);
    const delta = (index: number) => ({
      type: 'assistant_message.content_part.text_delta',
      content_index: index,
      delta: 'x',
    });
    expect(itemUpdateSchema.parse(delta(2)).type).toBe(delta(2).type);
    // Unusable as a delta, so read as an update the widget does not render.
    expect(itemUpdateSchema.parse(delta(2 ** 60)).type).toBe('other');
  });

  it('keeps every key of a record and of a loose object but __proto__', () => {
    const json = parseJson(
      '{"status":"healthy","constructor":1,"prototype":2,"__proto__":{"x":1},"uptime":3}',
    );
    expect(healthResponseSchema.parse(json)).toEqual({
      status: 'healthy',
      constructor: 1,
      prototype: 2,
      uptime: 3,
    });
    const source = sourceSchema.parse(
      parseJson('{"type":"entity","title":"t","id":"e","data":{"constructor":"c","__proto__":1}}'),
    );
    expect(source.type === 'entity' && source.data).toEqual({ constructor: 'c' });
  });

  it('reads a datetime only with seconds, an offset and a real calendar date', () => {
    const expiresAt = (value: string) =>
      sessionResponseSchema.safeParse({ client_secret: 's', expires_at: value }).success;
    expect(expiresAt('2026-11-30T20:00:00Z')).toBe(true);
    expect(expiresAt('2026-11-30T20:00:00.123+05:30')).toBe(true);
    expect(expiresAt('2026-11-30T20:00Z')).toBe(false); // seconds required
    expect(expiresAt('2026-11-30T20:00:00')).toBe(false); // no offset
    expect(expiresAt('2026-02-29T20:00:00Z')).toBe(false);
  });
});

describe('placeholders and stream events', () => {
  it('reads an item of an unknown kind as other, keeping its id and original type', () => {
    expect(
      threadItemSchema.parse({
        id: 'w_1',
        thread_id: 'thr_1',
        created_at: at,
        type: 'widget',
        widget: {},
      }),
    ).toEqual({
      id: 'w_1',
      thread_id: 'thr_1',
      created_at: at,
      type: 'other',
      original_type: 'widget',
    });
  });

  it('says where an event it cannot use is wrong', () => {
    expect(readStreamEvent({ type: 'thread.item.updated', item_id: 1 })).toEqual({
      skipped: { type: 'thread.item.updated', reason: expect.stringMatching(/^item_id: /) },
    });
  });
});
