import Module from 'node:module';

// The Electron binary cannot be installed on CI machines, and `vi.mock('electron')` does not reach
// CommonJS requires; code under test that touches `electron` gets this stub instead.
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Loader };
const original = mod._load;
mod._load = function load(request, parent, isMain) {
  if (request === 'electron') {
    return { app: { getPath: () => process.cwd(), getVersion: () => '0.0.0-test', isPackaged: false } };
  }
  return original.call(this, request, parent, isMain);
};
