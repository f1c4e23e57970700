// The DID document (or, for a URL with a fragment, the verification method) of an Ed25519 did:key, derived from
// the DID itself (did:key v0.7 §3.1.1: the Multikey public key is the method-specific id). null for other DIDs.
export function ed25519DidKeyDocument(url) {
  const did = url.split('#')[0];
  if(!did.startsWith('did:key:z6Mk')) {
    return null;
  }
  const id = did.slice('did:key:'.length);
  const vmId = `${did}#${id}`;
  const method = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: id,
  };
  const controller = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did, verificationMethod: [method], assertionMethod: [vmId],
  };
  return url.includes('#') ? method : controller;
}
