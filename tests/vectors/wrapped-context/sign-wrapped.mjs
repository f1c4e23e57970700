// scratch: sign a credential with a wrapped @context using Digital Bazaar's vc + eddsa-rdfc-2022 (independent signer)
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {offlineLoader} from './lib/offline-loader.mjs';
const jwk = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const pub = Buffer.from(jwk.x, 'base64url'); const priv = Buffer.from(jwk.d, 'base64url');
const mb = 'z' + (await import('base58-universal')).encode(Uint8Array.from([0xed, 0x01, ...pub]));
const mbPriv = 'z' + (await import('base58-universal')).encode(Uint8Array.from([0x80, 0x26, ...priv, ...pub]));
const controller = 'did:key:' + mb;
const key = await Ed25519Multikey.from({id: controller + '#' + mb, controller, publicKeyMultibase: mb, secretKeyMultibase: mbPriv});
const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite, date: '2026-01-10T09:00:00Z'});
const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', {'@context': {name: 'https://schema.org/name', Person: 'https://schema.org/Person'}}],
  id: 'urn:uuid:0b5e8f3c-6a7d-4f2e-9c1b-3d4e5f6a7b8c', type: ['VerifiableCredential'], issuer: controller,
  validFrom: '2026-01-01T00:00:00Z', credentialSubject: {id: 'did:example:learner', type: 'Person', name: 'Ana'}};
const documentLoader = offlineLoader({});
const signed = await vc.issue({credential, suite, documentLoader});
console.log(JSON.stringify(signed, null, 2));
