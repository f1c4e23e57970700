#!/usr/bin/env node
// An independent verifier for microcred's conformance kit: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite, fully offline.
//
//   node verify-kit.mjs FILE --kit KIT_DIR [--now ISO]
//
// Contexts come from KIT_DIR/contexts (index.json: URL -> {file}); the verification method of a did:key
// Ed25519 key is derived from the DID itself (did:key v0.7 §3.1.1: the key is the method-specific id), its
// controller document lists it under assertionMethod. Unknown URLs fail; nothing touches the network.
// Status lists are not checked (the kit's status samples are excluded when scoring this verifier).
// Exit 0 = verified, 1 = not verified, 2 = usage error.
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {ed25519DidKeyDocument} from './lib/did-key.mjs';

const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const kit = option('kit');
const now = option('now');
if(args.length !== 1 || !kit) {
  console.error('usage: node verify-kit.mjs FILE --kit KIT_DIR [--now ISO]');
  process.exit(2);
}

const contexts = new Map();
const index = JSON.parse(fs.readFileSync(path.join(kit, 'contexts', 'index.json'), 'utf8'));
for(const [url, {file}] of Object.entries(index)) {
  contexts.set(url, JSON.parse(fs.readFileSync(path.join(kit, 'contexts', file), 'utf8')));
}

async function documentLoader(url) {
  const document = contexts.get(url) ?? (url.startsWith('did:key:') ? ed25519DidKeyDocument(url) : null);
  if(!document) {
    throw new Error(`offline documentLoader: unknown URL ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
}

let credential;
try {
  credential = JSON.parse(fs.readFileSync(args[0], 'utf8'));
} catch(e) {
  console.error(`NOT VERIFIED: not JSON: ${e.message}`);
  process.exit(1);
}
if(!credential || typeof credential !== 'object' || !credential.proof) {
  console.error('NOT VERIFIED: no proof');
  process.exit(1);
}
try {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite}),
    documentLoader,
    now: now ? new Date(now) : undefined,
    checkStatus: async () => ({verified: true}),
  });
  if(result.verified) {
    console.error('VERIFIED');
    process.exit(0);
  }
  const messages = [];
  const walk = e => {
    if(!e) return;
    if(Array.isArray(e)) return e.forEach(walk);
    if(e.errors) walk(e.errors);
    if(e.message) messages.push(e.message);
  };
  walk(result.error);
  for(const r of result.results || []) walk(r.error);
  console.error(`NOT VERIFIED: ${messages.join('; ').slice(0, 300)}`);
  process.exit(1);
} catch(e) {
  console.error(`NOT VERIFIED: ${e.message}`);
  process.exit(1);
}
