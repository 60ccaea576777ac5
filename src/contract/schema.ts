/**
 * How the contract's schemas are written and called: valibot schemas, each wrapped by `schema()` so
 * that callers (the widget, the local element, the mocks, the tests) call methods on the schema
 * itself: `parse(input)` returns the value read or throws a `SchemaError`; `safeParse(input)` returns
 * `{ success: true, data }` or `{ success: false, error }`, the error listing every issue and where it
 * is. valibot is used because each of its functions is its own export: the first open loads only the
 * ones the contract uses.
 *
 * Below the wrapper, the small building blocks the schemas are made of. Each says how it reads where
 * valibot's own would read otherwise (finite numbers, objects that refuse arrays, records that keep
 * every key but `__proto__`); `src/contract/index.test.ts` pins those readings.
 *
 * valibot's constructors are not marked free of side effects, so a bundler keeps every
 * `schema(v.object(...))` at a module's top level even when nothing reads it. A schema that only
 * servers and tests read (a request, the health check) is therefore built by an arrow function
 * called at once and annotated `@__PURE__`: a bundle that never reads it, the widget's, leaves it out.
 */
import * as v from 'valibot';

// ---------------------------------------------------------------------------------------------
// The wrapper: `parse` returns the value or throws, `safeParse` says which
// ---------------------------------------------------------------------------------------------

/** One problem a failed parse found: where (`path`, keys from the root) and what. */
export interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}
/** What a failed parse gives (and `parse` throws): an Error named `SchemaError` with its `issues`. */
export type SchemaError = Error & { issues: SchemaIssue[] };
export type SafeParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: SchemaError };
/** A valibot schema with `parse` and `safeParse` of its own. */
export type Schema<S extends v.GenericSchema> = S & {
  parse(input: unknown): v.InferOutput<S>;
  safeParse(input: unknown): SafeParseResult<v.InferOutput<S>>;
};

/**
 * Adds `parse` and `safeParse` to a valibot schema (it stays one, so schemas compose directly).
 * Never pipe a schema made here as the first item of `v.pipe`, which copies that item's properties.
 */
/* @__NO_SIDE_EFFECTS__ */
export function schema<S extends v.GenericSchema>(raw: S): Schema<S> {
  const safeParse = (input: unknown): SafeParseResult<v.InferOutput<S>> => {
    const result = v.safeParse(raw, input);
    if (result.success) return { success: true, data: result.output };
    const issues = result.issues.map((issue) => ({
      path: issue.path?.map((item) => item.key as PropertyKey) ?? [],
      message: issue.message,
    }));
    const error = new Error(
      issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
    );
    error.name = 'SchemaError';
    return { success: false, error: Object.assign(error, { issues }) };
  };
  return Object.assign(raw, {
    parse(input: unknown) {
      const result = safeParse(input);
      if (result.success) return result.data;
      throw result.error;
    },
    safeParse,
  });
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

export const str = v.string();
/* @__NO_SIDE_EFFECTS__ */
export const opt = <T extends v.GenericSchema>(wrapped: T) => v.optional(wrapped);
/** Absent (or `undefined`) reads as `value`, copied for each parse: never a shared object. */
/* @__NO_SIDE_EFFECTS__ */
export const withDefault = <T extends v.GenericSchema>(wrapped: T, value: v.InferInput<T>) =>
  v.optional(wrapped, value);
/** A finite number ≥ 0: valibot's `number()` alone takes `Infinity` (JSON's `1e999`). */
/* @__NO_SIDE_EFFECTS__ */
export const nonNegative = () => v.pipe(v.number(), v.finite(), v.minValue(0));
/** A safe integer (an index beyond 2^53 cannot be one). */
/* @__NO_SIDE_EFFECTS__ */
export const int = () => v.pipe(v.number(), v.safeInteger());
/* @__NO_SIDE_EFFECTS__ */
export const nonNegativeInt = () => v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/* @__NO_SIDE_EFFECTS__ */
export const positiveInt = () => v.pipe(v.number(), v.safeInteger(), v.gtValue(0));

/**
 * An object that refuses an array (valibot's objects read one as an object). That matters only where
 * every field is optional (an array has none of the required ones), so only those objects use this.
 */
/* @__NO_SIDE_EFFECTS__ */
export const noArray = <S extends v.GenericSchema>(object: S) =>
  v.pipe(
    v.custom<v.InferInput<S>>((input) => !Array.isArray(input)),
    object,
  );

const hasOwn = Object.prototype.hasOwnProperty;

/** A plain object: never an array, a `Map`, a class instance... (`Object.create(null)` is one). */
function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const ctor = (input as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    !Array.isArray(prototype) &&
    hasOwn.call(prototype, 'isPrototypeOf')
  );
}

/**
 * A record of unknown values: a plain object, copied with every key but `__proto__` (valibot's
 * record would also drop keys named `constructor` and `prototype`). Symbol keys, which JSON cannot
 * write, are not read.
 */
/* @__NO_SIDE_EFFECTS__ */
export const record = () =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject),
    v.transform((input) => {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(input)) if (key !== '__proto__') copy[key] = input[key];
      return copy;
    }),
  );

/**
 * An object whose `entries` are read and every other key but `__proto__` kept as sent (valibot's
 * `looseObject` would also drop keys named `constructor` and `prototype`); never an array.
 */
/* @__NO_SIDE_EFFECTS__ */
export function looseObject<const E extends v.ObjectEntries>(entries: E) {
  const declared = v.object(entries);
  type Loose = v.InferOutput<v.LooseObjectSchema<E, undefined>>;
  return v.pipe(
    v.custom<v.InferInput<v.LooseObjectSchema<E, undefined>>>(
      (input) => !Array.isArray(input) && v.is(declared, input),
    ),
    v.transform((input) => {
      const read: Record<string, unknown> = v.parse(declared, input);
      for (const key in input) {
        if (key !== '__proto__' && !hasOwn.call(entries, key)) read[key] = input[key];
      }
      return read as Loose;
    }),
  );
}

/** What `other` keeps of `base`, typed so that an empty `base` keeps nothing (a record of nevers). */
type Kept<S extends v.ObjectEntries> = keyof S extends never
  ? Record<string, never>
  : v.InferOutput<v.ObjectSchema<S, undefined>>;

/**
 * What a reader gets for a kind it does not render or does not know: `{ type: 'other' }` with the
 * original `type` kept for logs and notes. `base` is what the placeholder must still have (an item
 * needs its id).
 */
/* @__NO_SIDE_EFFECTS__ */
export function other<const S extends v.ObjectEntries>(base: S) {
  return v.pipe(
    v.looseObject({ ...base, type: str }),
    v.transform((value) => {
      const kept: Record<string, unknown> = {};
      for (const key of Object.keys(base)) kept[key] = (value as Record<string, unknown>)[key];
      return {
        ...(kept as Kept<S>),
        type: 'other' as const,
        original_type: (value as { type: string }).type,
      };
    }),
  );
}
