import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, resolveRendererFile } from '../../src-main/electron/rendererFiles';

const root = path.resolve('/opt/certdesk/dist/renderer');
const file = (url: string) => resolveRendererFile(url, root)?.path ?? null;

describe('app://certdesk → built renderer file', () => {
  it('serves the entry page and its assets with their types', () => {
    expect(resolveRendererFile(APP_ENTRY_URL, root)).toEqual({
      path: path.join(root, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveRendererFile('app://certdesk/assets/index-AbC123.js', root)).toEqual({
      path: path.join(root, 'assets', 'index-AbC123.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererFile('app://certdesk/assets/index.CSS?v=1', root)?.mimeType).toBe(
      'text/css; charset=utf-8',
    );
    expect(resolveRendererFile('app://certdesk/favicon.svg', root)?.mimeType).toBe('image/svg+xml');
    expect(resolveRendererFile('app://certdesk/data.bin', root)?.mimeType).toBe('application/octet-stream');
  });

  it('answers routes without an extension (and the bare origin) with index.html', () => {
    const index = path.join(root, 'index.html');
    expect(file('app://certdesk')).toBe(index);
    expect(file('app://certdesk/')).toBe(index);
    expect(file('app://certdesk/applications')).toBe(index);
    expect(file('app://certdesk/orders/42/detail')).toBe(index);
  });

  it('decodes ordinary escapes (a CJK file name)', () => {
    expect(file('app://certdesk/assets/%E5%AD%97%E4%BD%93.woff2')).toBe(
      path.join(root, 'assets', '字体.woff2'),
    );
  });

  it('keeps `../` inside the folder: the URL parser has already collapsed it', () => {
    expect(file('app://certdesk/../../etc/passwd.txt')).toBe(path.join(root, 'etc', 'passwd.txt'));
    expect(file('app://certdesk/assets/../../../index.html')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    ['encoded dots', 'app://certdesk/%2e%2e/%2e%2e/etc/passwd.txt'],
    ['upper-case encoded dots', 'app://certdesk/%2E%2E/secret.txt'],
    ['one encoded dot', 'app://certdesk/.%2e/secret.txt'],
    ['an encoded slash', 'app://certdesk/..%2f..%2fsecret.txt'],
    ['an encoded backslash', 'app://certdesk/..%5c..%5csecret.txt'],
    ['a backslash', 'app://certdesk/..\\..\\secret.txt'],
    ['an encoded NUL', 'app://certdesk/index.html%00.png'],
    ['a raw NUL', 'app://certdesk/index.html\0.png'],
    ['a colon (drive or stream)', 'app://certdesk/index.html%3A%3A%24DATA'],
    ['another host', 'app://evil/index.html'],
    ['a host with a port', 'app://certdesk:8080/index.html'],
    ['credentials', 'app://user:pass@certdesk/index.html'],
    ['another scheme', 'file:///opt/certdesk/dist/renderer/index.html'],
    ['https', 'https://certdesk/index.html'],
    ['a broken escape', 'app://certdesk/%E5%AD.js'],
    ['no URL at all', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(resolveRendererFile(url, root)).toBeNull();
  });

  it('never answers with a path outside the folder, whatever the path', () => {
    const samples = ['a', '..', '.', '%2e', '%2f', '%5c', '%00', '\\', 'b.js', '%41', '/', '%', '~', ':'];
    for (let i = 0; i < 2_000; i++) {
      const parts = Array.from({ length: 1 + (i % 6) }, (_, j) => samples[(i * 7 + j * 13) % samples.length]);
      const resolved = file(`app://certdesk/${parts.join('/')}`);
      if (resolved === null) continue;
      const relative = path.relative(root, resolved);
      expect(relative.startsWith('..') || path.isAbsolute(relative), resolved).toBe(false);
    }
  });
});

describe('the app origin', () => {
  it('is app://certdesk and nothing else', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://certdesk/index.html#/login')).toBe(true);
    expect(isAppUrl('app://certdesk.evil.com/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5180/')).toBe(false);
    expect(isAppUrl('about:blank')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});
