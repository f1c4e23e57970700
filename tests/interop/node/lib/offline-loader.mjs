// Offline JSON-LD document loader: serves contexts from a folder laid out as
// ../contexts/ (index.json: {url: {file}}), plus any extra docs passed in.
// Unknown URLs throw; nothing ever touches the network.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const DEFAULT_CONTEXTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'contexts');

export function loadContexts(dir = DEFAULT_CONTEXTS) {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  const docs = new Map();
  for(const [url, {file}] of Object.entries(index)) {
    docs.set(url, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  return docs;
}

export function offlineLoader({dir = DEFAULT_CONTEXTS, extra = new Map()} = {}) {
  const docs = loadContexts(dir);
  for(const [k, v] of extra) {
    docs.set(k, v);
  }
  return async function documentLoader(url) {
    if(docs.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(docs.get(url))};
    }
    // allow a bare controller/key URL lookup with or without fragment
    const noFrag = url.split('#')[0];
    if(docs.has(noFrag) && url !== noFrag) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(docs.get(noFrag))};
    }
    throw new Error(`offline documentLoader: unknown URL ${url}`);
  };
}

export function argvOpts(argv, flags) {
  // tiny parser: --flag value (for names in flags), rest positional
  const opts = {}; const pos = [];
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a.startsWith('--')) {
      const name = a.slice(2);
      if(flags.includes(name)) {
        opts[name] = argv[++i];
      } else {
        opts[name] = true;
      }
    } else {
      pos.push(a);
    }
  }
  return {opts, pos};
}
