/**
 * A JWT signer written for the tests with node:crypto alone, independent of the service's library,
 * to forge the tokens the service must refuse (expired, unsigned, wrong audience or issuer).
 */
import { createPrivateKey, sign } from 'node:crypto';

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function signEs256(header: Record<string, unknown>, claims: Record<string, unknown>, privateKeyPem: string): string {
  const input = `${base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', ...header }))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return `${input}.${base64url(signature)}`;
}

export function unsigned(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`;
}
