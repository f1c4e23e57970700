#!/usr/bin/env node
// An independent verifier for Open Badges 3.0 credentials and CLR 2.0 stacks made by microcred: Digital Bazaar's
// @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite, fully offline. Written for this project.
//
//   node verify-badge.mjs FILE [--now ISO]
//
// Verifies the credential in FILE (vc.verifyCredential), then every credential it carries, each with its own
// proof: the embedded credentials of a ClrSubject's `verifiableCredential` (CLR 2.0 §B.1.2) and the JSON
// credentials in a `relatedResource` data: URL (VC Data Model 2.0 §5.3; microcred's CLR conversions carry their
// source part so), to a depth of 4. EnvelopedVerifiableCredential entries (JWTs) are not Data Integrity: they
// are reported as not checked. Contexts (VC 2.0, OB 3.0, CLR 2.0, ...) come from microcred's bundled folder
// (lib/offline-loader.mjs); a did:key Ed25519 key is derived from the DID itself (did:key v0.7 §3.1.1).
// Unknown URLs fail. Status lists are not checked.
// Prints one line per credential; exit 0 = all verified, 1 = one did not, 2 = usage error.
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {argvOpts, offlineLoader} from './lib/offline-loader.mjs';
import {ed25519DidKeyDocument} from './lib/did-key.mjs';

const {opts, pos} = argvOpts(process.argv.slice(2), ['now']);
if(pos.length !== 1) {
  console.error('usage: node verify-badge.mjs FILE [--now ISO]');
  process.exit(2);
}
const contexts = offlineLoader();

async function documentLoader(url) {
  if(url.startsWith('did:key:z6Mk')) {
    return {contextUrl: null, documentUrl: url, document: ed25519DidKeyDocument(url)};
  }
  return contexts(url);
}

function messages(result) {
  const out = [];
  const walk = e => {
    if(!e) return;
    if(Array.isArray(e)) return e.forEach(walk);
    if(e.errors) walk(e.errors);
    if(e.message) out.push(e.message);
  };
  walk(result.error);
  for(const r of result.results || []) walk(r.error);
  return out.join('; ').slice(0, 300);
}

function list(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function fromDataUrl(url) {
  if(typeof url !== 'string' || !url.startsWith('data:')) return null;
  const comma = url.indexOf(',');
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const text = head.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc === 'object' ? doc : null;
  } catch {
    return null;  // a JWT: not Data Integrity
  }
}

let failed = 0;
async function check(credential, where, depth) {
  if(!credential.proof) {
    console.log(`${where}: NOT VERIFIED: no proof`);
    failed++;
    return;
  }
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite}),
    documentLoader,
    now: opts.now ? new Date(opts.now) : undefined,
    checkStatus: async () => ({verified: true}),
  });
  console.log(`${where}: ${result.verified ? 'VERIFIED' : `NOT VERIFIED: ${messages(result)}`} ${credential.id}`);
  if(!result.verified) failed++;
  if(depth >= 4) return;
  const subjects = list(credential.credentialSubject);
  const embedded = subjects.flatMap(s => list(s && s.verifiableCredential));
  for(const [i, entry] of embedded.entries()) {
    if(list(entry.type).includes('EnvelopedVerifiableCredential')) {
      console.log(`${where}.verifiableCredential[${i}]: not checked (enveloped, not Data Integrity)`);
    } else {
      await check(entry, `${where}.verifiableCredential[${i}]`, depth + 1);
    }
  }
  for(const [i, resource] of list(credential.relatedResource).entries()) {
    const doc = fromDataUrl(resource && resource.id);
    if(doc && doc.proof) {
      await check(doc, `${where}.relatedResource[${i}]`, depth + 1);
    }
  }
}

let credential;
try {
  credential = JSON.parse(fs.readFileSync(pos[0], 'utf8'));
} catch(e) {
  console.log(`NOT VERIFIED: not JSON: ${e.message}`);
  process.exit(1);
}
try {
  await check(credential, 'credential', 0);
} catch(e) {
  console.log(`NOT VERIFIED: ${e.message}`);
  process.exit(1);
}
process.exit(failed ? 1 : 0);
