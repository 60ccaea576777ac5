/**
 * The state of the thread on screen, without any DOM: what the stream events (and a restored thread)
 * say the conversation holds. The element applies each event here, then hands the returned changes
 * to the view, which turns them into DOM.
 *
 * Updates follow the reference server's own bookkeeping of a streaming item (`chatkit/server.py`,
 * `_update_pending_items`): content parts by index, text deltas appended, annotations by index,
 * workflow tasks added and replaced by index.
 */
import type {
  Annotation,
  AssistantUpdate,
  ItemUpdate,
  OutputText,
  Task,
  Thread,
  ThreadItem,
  ThreadStreamEvent,
  UserContent,
  Workflow,
  WorkflowUpdate,
} from '../../contract';
import type { CutShort } from './cut-short';

export interface PartState {
  text: string;
  annotations: Annotation[];
  /** The part's text is final (`content_part.done`, the item's done, or the answer was closed). */
  done: boolean;
}

export interface UserItemState {
  type: 'user_message';
  id: string;
  content: UserContent[];
  /** The passage the reader quoted with the question (`quoted_text`). */
  quotedText?: string;
  done: boolean;
}

export interface AssistantItemState {
  type: 'assistant_message';
  id: string;
  /** By `content_index`; may have holes while parts arrive out of order. */
  parts: PartState[];
  done: boolean;
  /**
   * How an answer ended before it was complete: the reader stopped it (the partial answer stays,
   * as the server keeps it), or the stream broke or failed while the page watched (its error box
   * offers Retry); restored from a thread, how it was cut short before the reload
   * (`cut-short.ts`): stopped, the page left while it streamed, or the connection dropped.
   */
  ended?: 'broken' | CutShort;
}

export interface WorkflowItemState {
  type: 'workflow';
  id: string;
  workflow: Workflow;
  /** Until done, a workflow is live ("Thinking…"). */
  done: boolean;
}

export interface TaskItemState {
  type: 'task';
  id: string;
  task: Task;
  done: boolean;
}

export interface EndOfTurnItemState {
  type: 'end_of_turn';
  id: string;
  done: boolean;
}

/** An item this client does not render (widget, generated image, client tool call, ...). */
export interface OtherItemState {
  type: 'other';
  id: string;
  originalType: string;
  done: boolean;
}

export type ItemState =
  | UserItemState
  | AssistantItemState
  | WorkflowItemState
  | TaskItemState
  | EndOfTurnItemState
  | OtherItemState;

/** What an event changed, for the view (and the element) to act on. */
export type ThreadChange =
  /** The thread was created (`thread.created`) or its metadata changed (`thread.updated`). */
  | { type: 'thread'; created: boolean }
  /** An item is new (`added`) or changed in a way its view should re-read. */
  | { type: 'item'; item: ItemState; added: boolean }
  /** The fast path of streaming: `delta` was appended to the text of part `index`. */
  | { type: 'text'; item: AssistantItemState; index: number; delta: string }
  | { type: 'item.removed'; id: string }
  /** The progress line changed: set, or cleared (`undefined`) once the answer's text arrives. */
  | { type: 'progress'; text: string | undefined }
  | { type: 'notice'; level: 'info' | 'warning' | 'danger'; message: string; title?: string }
  | { type: 'error'; code: string; message?: string; allowRetry: boolean }
  | { type: 'effect'; name: string; data: Record<string, unknown> }
  /** An update the thread has no use for (a widget's, or one for an unknown item). */
  | { type: 'update.ignored'; itemId: string; updateType: string };

/** Text of a user message as a reader sees it: typed text and tags, in order. */
export function userText(content: readonly UserContent[]): string {
  return content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function partFrom(content: OutputText, done: boolean): PartState {
  return { text: content.text, annotations: [...content.annotations], done };
}

function cloneWorkflow(workflow: Workflow): Workflow {
  return { ...workflow, tasks: [...workflow.tasks] };
}

/** A fresh state for an item as the server sent it. */
function stateOf(item: ThreadItem, done: boolean): ItemState {
  switch (item.type) {
    case 'user_message':
      return {
        type: 'user_message',
        id: item.id,
        content: [...item.content],
        ...(item.quoted_text !== undefined && { quotedText: item.quoted_text }),
        done: true,
      };
    case 'assistant_message':
      return {
        type: 'assistant_message',
        id: item.id,
        parts: item.content.map((content) => partFrom(content, done)),
        done,
      };
    case 'workflow':
      return { type: 'workflow', id: item.id, workflow: cloneWorkflow(item.workflow), done };
    case 'task':
      return { type: 'task', id: item.id, task: item.task, done };
    case 'end_of_turn':
      return { type: 'end_of_turn', id: item.id, done: true };
    case 'other':
      return { type: 'other', id: item.id, originalType: item.original_type, done };
  }
}

/** Whether an assistant message shows any text (an empty one is an answer that never came). */
export function hasText(item: AssistantItemState): boolean {
  return item.parts.some((part) => part !== undefined && part.text.trim() !== '');
}

/**
 * The thread's state: its id and title, its items in order, the stream's options and the current
 * progress line. Mutable on purpose: a text delta is applied in constant time however long the
 * answer or the thread is.
 */
export class ThreadModel {
  id: string | undefined;
  title: string | undefined;
  /** `stream_options.allow_cancel` of the current (or last) answer. */
  allowCancel = false;
  /** The latest `progress_update` text, until the answer's text starts. */
  progress: string | undefined;
  /** In thread order (a Map keeps insertion order; a replaced item keeps its place). */
  readonly items = new Map<string, ItemState>();

  /** Empties the thread (a new conversation). */
  reset(): void {
    this.id = undefined;
    this.title = undefined;
    this.allowCancel = false;
    this.progress = undefined;
    this.items.clear();
  }

  /** Replaces the state with a stored thread (`threads.get_by_id` and its `items.list` pages). */
  load(thread: Thread): void {
    this.reset();
    this.id = thread.id;
    this.title = thread.title;
    // Everything stored is final: a workflow saved mid-run is not thinking any more.
    for (const item of thread.items.data) this.items.set(item.id, stateOf(item, true));
  }

  /** The id of the latest user message: what `threads.retry_after_item` retries after. */
  get lastUserItemId(): string | undefined {
    let last: string | undefined;
    for (const item of this.items.values()) if (item.type === 'user_message') last = item.id;
    return last;
  }

  /** An assistant message that started and never finished: the stream ended too early. */
  hasOpenAnswer(): boolean {
    for (const item of this.items.values()) {
      if (item.type === 'assistant_message' && !item.done) return true;
    }
    return false;
  }

  /**
   * The last question has no answer: nothing after it but workflows (thinking that never led to an
   * answer) and ends of turn, or an assistant message without text. A thread restored while its
   * answer was still streaming elsewhere (the reader reloaded) ends so.
   */
  unansweredQuestion(): string | undefined {
    const items = [...this.items.values()];
    let lastUser = -1;
    items.forEach((item, index) => {
      if (item.type === 'user_message') lastUser = index;
    });
    if (lastUser < 0) return undefined;
    const after = items
      .slice(lastUser + 1)
      .filter((item) => item.type !== 'workflow' && item.type !== 'end_of_turn');
    const last = after.at(-1);
    if (last === undefined) return items[lastUser]!.id;
    if (last.type === 'assistant_message' && !hasText(last)) return items[lastUser]!.id;
    return undefined;
  }

  /**
   * The question an answer replies to, when that answer is the thread's latest (nothing but
   * workflows and ends of turn after it): what Regenerate answers again. Earlier answers cannot be
   * regenerated, since answering a question again replaces everything after it.
   */
  questionBefore(answerId: string): string | undefined {
    const items = [...this.items.values()];
    const index = items.findIndex((item) => item.id === answerId);
    if (index < 0 || items[index]!.type !== 'assistant_message') return undefined;
    const later = items.slice(index + 1);
    if (later.some((item) => item.type === 'user_message' || item.type === 'assistant_message')) {
      return undefined;
    }
    for (let k = index - 1; k >= 0; k--) if (items[k]!.type === 'user_message') return items[k]!.id;
    return undefined;
  }

  /**
   * Marks restored answers that were cut short (`cut-short.ts`); returns the ids no longer in the
   * thread, whose marks can go.
   */
  markCutShort(marks: ReadonlyMap<string, CutShort>): string[] {
    const gone: string[] = [];
    for (const [id, how] of marks) {
      const item = this.items.get(id);
      if (item?.type !== 'assistant_message') {
        gone.push(id);
        continue;
      }
      item.done = true;
      item.ended = how;
      for (const part of item.parts) if (part) part.done = true;
    }
    return gone;
  }

  /**
   * Drops every item after `itemId` (a retry replaces what followed the question; the reference
   * server deletes them without telling the client). Returns the ids dropped.
   */
  removeAfter(itemId: string): string[] {
    if (!this.items.has(itemId)) return [];
    const removed: string[] = [];
    let found = false;
    for (const id of this.items.keys()) {
      if (found) removed.push(id);
      else if (id === itemId) found = true;
    }
    for (const id of removed) this.items.delete(id);
    return removed;
  }

  /**
   * Ends whatever is still streaming (the answer ended, failed, or the reader stopped it): partial
   * text becomes final, live workflows stop thinking. Returns the items that changed.
   */
  closeOpen(reason: 'stopped' | 'broken' = 'broken'): ThreadChange[] {
    const changes: ThreadChange[] = [];
    for (const item of this.items.values()) {
      if (item.done) continue;
      item.done = true;
      if (item.type === 'assistant_message') {
        item.ended = reason;
        for (const part of item.parts) if (part) part.done = true;
      }
      changes.push({ type: 'item', item, added: false });
    }
    if (this.progress !== undefined) {
      this.progress = undefined;
      changes.push({ type: 'progress', text: undefined });
    }
    return changes;
  }

  /** Applies one stream event; returns what changed, in order. */
  apply(event: ThreadStreamEvent): ThreadChange[] {
    switch (event.type) {
      case 'thread.created':
        this.id = event.thread.id;
        this.title = event.thread.title;
        return [{ type: 'thread', created: true }];
      case 'thread.updated':
        this.title = event.thread.title;
        return [{ type: 'thread', created: false }];
      case 'thread.item.added':
        return this.upsert(event.item, false);
      case 'thread.item.done':
      case 'thread.item.replaced':
        return this.upsert(event.item, true);
      case 'thread.item.updated':
        return this.update(event.item_id, event.update);
      case 'thread.item.removed':
        return this.items.delete(event.item_id)
          ? [{ type: 'item.removed', id: event.item_id }]
          : [];
      case 'progress_update':
        this.progress = event.text;
        return [{ type: 'progress', text: event.text }];
      case 'notice':
        return [
          {
            type: 'notice',
            level: event.level,
            message: event.message,
            ...(event.title !== undefined && { title: event.title }),
          },
        ];
      case 'error':
        return [
          {
            type: 'error',
            code: event.code,
            ...(event.message !== undefined && { message: event.message }),
            allowRetry: event.allow_retry,
          },
        ];
      case 'stream_options':
        this.allowCancel = event.stream_options.allow_cancel;
        return [];
      case 'client_effect':
        return [{ type: 'effect', name: event.name, data: event.data }];
    }
  }

  private upsert(item: ThreadItem, done: boolean): ThreadChange[] {
    const existing = this.items.get(item.id);
    if (existing && !done) {
      // Added again: what streamed into it since stays (the reference never sends this).
      return [];
    }
    const next = stateOf(item, done);
    this.items.set(item.id, next);
    const changes: ThreadChange[] = [{ type: 'item', item: next, added: existing === undefined }];
    if (next.type === 'assistant_message' && done) changes.push(...this.clearProgress());
    return changes;
  }

  private clearProgress(): ThreadChange[] {
    if (this.progress === undefined) return [];
    this.progress = undefined;
    return [{ type: 'progress', text: undefined }];
  }

  private update(itemId: string, update: ItemUpdate): ThreadChange[] {
    const item = this.items.get(itemId);
    const updateType = update.type === 'other' ? update.original_type : update.type;
    const ignored: ThreadChange[] = [{ type: 'update.ignored', itemId, updateType }];
    if (!item) return ignored;
    if (item.type === 'assistant_message' && update.type.startsWith('assistant_message.')) {
      return this.updateAssistant(item, update as AssistantUpdate);
    }
    if (item.type === 'workflow' && update.type.startsWith('workflow.')) {
      return this.updateWorkflow(item, update as WorkflowUpdate);
    }
    return ignored;
  }

  private part(item: AssistantItemState, index: number): PartState {
    return (item.parts[index] ??= { text: '', annotations: [], done: false });
  }

  private updateAssistant(item: AssistantItemState, update: AssistantUpdate): ThreadChange[] {
    const changed: ThreadChange[] = [{ type: 'item', item, added: false }];
    switch (update.type) {
      case 'assistant_message.content_part.added': {
        const exists = item.parts[update.content_index] !== undefined;
        const part = this.part(item, update.content_index);
        if (!exists) part.text = update.content.text;
        part.annotations = [...update.content.annotations];
        return changed;
      }
      case 'assistant_message.content_part.text_delta': {
        const part = this.part(item, update.content_index);
        if (part.done) return [];
        part.text += update.delta;
        const changes: ThreadChange[] = [
          { type: 'text', item, index: update.content_index, delta: update.delta },
        ];
        if (update.delta !== '') changes.push(...this.clearProgress());
        return changes;
      }
      case 'assistant_message.content_part.annotation_added': {
        const part = this.part(item, update.content_index);
        part.annotations[update.annotation_index] = update.annotation;
        return changed;
      }
      case 'assistant_message.content_part.done': {
        const part = this.part(item, update.content_index);
        part.text = update.content.text;
        // The Agents SDK bridge writes `annotations: []` here after streaming them one by one
        // (agents.py, `response.output_text.done`); the item's done brings them all again.
        if (update.content.annotations.length > 0) {
          part.annotations = [...update.content.annotations];
        }
        part.done = true;
        return changed;
      }
    }
  }

  private updateWorkflow(item: WorkflowItemState, update: WorkflowUpdate): ThreadChange[] {
    const tasks = item.workflow.tasks;
    const index = Math.min(update.task_index, tasks.length);
    if (update.type === 'workflow.task.added') tasks.splice(index, 0, update.task);
    else tasks[index] = update.task;
    return [{ type: 'item', item, added: false }];
  }
}
