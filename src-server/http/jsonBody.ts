import type { FastifyInstance } from 'fastify';
import { AppError } from '../../src-shared/errors';

const JSON_ONLY = '请以 JSON 格式（Content-Type: application/json）提交';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** The dotted path of the first string (key or value) holding U+FFFD, breadth-first, without recursion. */
function firstReplaced(value: unknown): string | null {
  const queue: [unknown, string][] = [[value, '']];
  while (queue.length > 0) {
    const [node, path] = queue.shift()!;
    if (typeof node === 'string' && node.includes('\uFFFD')) return path;
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\uFFFD')) return childPath;
      queue.push([child, childPath]);
    }
  }
  return null;
}

/** The path of a `__proto__` key (or `constructor.prototype`), which could reach an object's prototype. */
function forbiddenKey(value: unknown): { path: string; key: string } | null {
  const queue: [unknown, string][] = [[value, '']];
  while (queue.length > 0) {
    const [node, path] = queue.shift()!;
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key === '__proto__') return { path: childPath, key };
      if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child) {
        return { path: childPath, key: 'constructor.prototype' };
      }
      queue.push([child, childPath]);
    }
  }
  return null;
}

function refuse(message: string, field?: string): AppError {
  return new AppError(
    'VALIDATION',
    message,
    field === undefined ? undefined : { fields: [{ field, message }] },
  );
}

/** Parses a JSON body strictly: valid UTF-8 only, and no key that could reach a prototype. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    let field: string | null = null;
    try {
      field = firstReplaced(JSON.parse(lossy.decode(body)));
    } catch {
      field = null;
    }
    if (field)
      throw refuse(`「${field}」含有无效的字符编码，请求内容不是有效的 UTF-8，请检查后重新输入`, field);
    throw refuse(`请求内容不是有效的 UTF-8，请以 UTF-8 编码提交`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse(`请求内容不是有效的 JSON，${JSON_ONLY}`);
  }
  const forbidden = forbiddenKey(value);
  if (forbidden) throw refuse(`请求内容含有不允许的字段 ${forbidden.key}，请去掉后重试`, forbidden.path);
  return value;
}

/** Replaces Fastify's JSON parser (which replaces invalid UTF-8 and says "not JSON" for `__proto__`). */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
