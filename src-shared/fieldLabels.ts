import { z } from './zod';

/**
 * The Chinese name of the field an issue is about, read from the schemas' `.meta({ label })`: the
 * nearest labelled node along the issue's path, then 第 N 项 for a list's item and 「key」 for a
 * record's key below it. An issue on the whole input is about 请求内容.
 */

export const WHOLE_INPUT_LABEL = '请求内容';

type Segment = PropertyKey;
type Step = 'field' | 'item' | 'key';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schemas a node stands for: itself, then what it wraps (optional, default, pipe …). */
function layers(schema: z.ZodType, seen = new Set<z.ZodType>()): z.ZodType[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner: z.ZodType[] = [];
  if (WRAPPERS.has(def.type) && def.innerType) inner.push(def.innerType);
  if (def.type === 'pipe') inner.push(...[def.in, def.out].filter((s): s is z.ZodType => s !== undefined));
  if (def.type === 'lazy' && def.getter) inner.push(def.getter());
  return [schema, ...inner.flatMap((child) => layers(child, seen))];
}

/** The label the schema itself carries (on it or on what it wraps), if any. */
export function ownLabel(schema: z.ZodType): string | undefined {
  for (const layer of layers(schema)) {
    const label = z.globalRegistry.get(layer)?.label;
    if (typeof label === 'string' && label !== '') return label;
  }
  return undefined;
}

function isIndex(segment: Segment): boolean {
  return typeof segment === 'number' || (typeof segment === 'string' && /^\d+$/.test(segment));
}

/** The schemas one step down the path from a node, and what kind of step it was. */
function childrenOf(schema: z.ZodType, segment: Segment): { schema: z.ZodType; step: Step }[] {
  const found: { schema: z.ZodType; step: Step }[] = [];
  for (const layer of layers(schema)) {
    const def = defOf(layer);
    const key = String(segment);
    if (def.type === 'object' && def.shape) {
      if (Object.hasOwn(def.shape, key)) found.push({ schema: def.shape[key]!, step: 'field' });
      else if (def.catchall && defOf(def.catchall).type !== 'never') {
        found.push({ schema: def.catchall, step: 'key' });
      }
    } else if (def.type === 'array' && def.element && isIndex(segment)) {
      found.push({ schema: def.element, step: 'item' });
    } else if (def.type === 'tuple' && def.items && isIndex(segment)) {
      const item = def.items[Number(segment)] ?? def.rest ?? undefined;
      if (item) found.push({ schema: item, step: 'item' });
    } else if ((def.type === 'record' || def.type === 'map') && def.valueType) {
      found.push({ schema: def.valueType, step: 'key' });
    } else if (def.type === 'union' && def.options) {
      for (const option of def.options) found.push(...childrenOf(option, segment));
    } else if (def.type === 'intersection' && def.left && def.right) {
      found.push(...childrenOf(def.left, segment), ...childrenOf(def.right, segment));
    }
  }
  return found;
}

function keyText(segment: Segment): string {
  const text = String(segment);
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/**
 * The label of the field at `path` in input checked by `schema`, or null when no node on the way has
 * one (a schema the labels test would refuse).
 */
export function fieldLabel(schema: z.ZodType, path: readonly Segment[]): string | null {
  let nodes = [schema];
  let best: { label: string; depth: number } | null = null;
  const own = ownLabel(schema);
  if (own) best = { label: own, depth: 0 };
  const steps: (Step | null)[] = [];
  for (const [index, segment] of path.entries()) {
    const next = nodes.flatMap((node) => childrenOf(node, segment));
    if (next.length === 0) break;
    steps.push(next[0]!.step);
    nodes = next.map((child) => child.schema);
    const label = nodes.map(ownLabel).find((found) => found !== undefined);
    if (label) best = { label, depth: index + 1 };
  }
  if (!best) return path.length === 0 ? WHOLE_INPUT_LABEL : null;
  let label = best.label;
  for (let index = best.depth; index < path.length; index += 1) {
    const segment = path[index]!;
    const step = steps[index] ?? (isIndex(segment) ? 'item' : null);
    if (step === 'item') label += `第 ${Number(segment) + 1} 项`;
    else if (step === 'key') label += `「${keyText(segment)}」`;
  }
  return label;
}

/** The message naming its field: `出生日期：日期无效`, unless the message names it already. */
export function labelledMessage(schema: z.ZodType, path: readonly Segment[], message: string): string {
  const label = fieldLabel(schema, path);
  if (label === null || message.includes(label)) return message;
  return `${label}：${message}`;
}
