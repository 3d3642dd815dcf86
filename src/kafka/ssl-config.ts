// Kafka's `ssl.*` client keys → Node TLS options. PEM stores (inline or from a file) and PKCS12 key stores are
// supported; JKS is Java-only. `ssl.endpoint.identification.algorithm=` (empty) turns the hostname check off
// while the certificate chain is still verified, as in Kafka. Messages name keys and paths, never contents.
import { readFileSync } from 'node:fs'
import type { ConnectionOptions as TlsOptions, SecureVersion } from 'node:tls'
import { ConfigException } from '../config/errors.ts'

export const SSL_KEYS = [
  'ssl.truststore.type', 'ssl.truststore.certificates', 'ssl.truststore.location', 'ssl.truststore.password',
  'ssl.keystore.type', 'ssl.keystore.key', 'ssl.keystore.certificate.chain', 'ssl.keystore.location',
  'ssl.keystore.password', 'ssl.key.password', 'ssl.endpoint.identification.algorithm', 'ssl.enabled.protocols',
  'ssl.protocol'
] as const

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

/**
 * Canonical PEM: every BEGIN/END block with its base64 body re-wrapped at 64 columns. Kafka accepts PEM values
 * whose line breaks were lost in a properties file (`-----BEGIN X----- MIIB... -----END X-----`); Node does not.
 * Encrypted legacy keys (Proc-Type headers) are kept as they are.
 */
export function normalizePem (text: string): string {
  const blocks: string[] = []
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1]!
    const body = m[2]!
    if (body.includes(':')) {
      blocks.push(m[0].trim())
      continue
    }
    const b64 = body.replace(/\s+/g, '')
    const lines = b64.match(/.{1,64}/g) ?? []
    blocks.push([`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join('\n'))
  }
  return blocks.length === 0 ? text : blocks.join('\n') + '\n'
}

const looksLikePem = (text: string): boolean => text.includes('-----BEGIN ')

function readStore (key: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new ConfigException(`Failed to load SSL store from ${path} (${key}): ${(err as NodeJS.ErrnoException).code ?? 'read error'}`, { key, cause: err })
  }
}

const upper = (v: string | undefined): string | undefined => v === undefined || v.trim() === '' ? undefined : v.trim().toUpperCase()

const PROTOCOL_ORDER: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

/** Node TLS options for `security.protocol` SSL / SASL_SSL. */
export function toTlsOptions (props: Readonly<Record<string, string>>): TlsOptions {
  const tls: TlsOptions = {}

  // Trust store: which server certificates to trust (Node's bundled CAs when unset, as the JVM's cacerts).
  const trustType = upper(props['ssl.truststore.type'])
  const inlineCa = props['ssl.truststore.certificates']
  const trustPath = props['ssl.truststore.location']
  if (inlineCa !== undefined && inlineCa.trim() !== '') {
    if (trustType !== undefined && trustType !== 'PEM') throw ConfigException.invalid('ssl.truststore.type', trustType, 'ssl.truststore.certificates needs ssl.truststore.type=PEM')
    tls.ca = normalizePem(inlineCa)
  } else if (trustPath !== undefined && trustPath.trim() !== '') {
    const content = readStore('ssl.truststore.location', trustPath.trim())
    const text = content.toString('utf8')
    if (trustType === 'PEM' || (trustType === undefined && looksLikePem(text))) {
      tls.ca = normalizePem(text)
    } else {
      throw ConfigException.invalid('ssl.truststore.type', trustType ?? 'JKS', 'only PEM trust stores are supported (ssl.truststore.type=PEM)')
    }
  }

  // Key store: the client's own certificate and key (mutual TLS).
  const keyType = upper(props['ssl.keystore.type'])
  const inlineKey = props['ssl.keystore.key']
  const inlineChain = props['ssl.keystore.certificate.chain']
  const keyPath = props['ssl.keystore.location']
  const keyPassword = props['ssl.key.password']
  if ((inlineKey !== undefined && inlineKey.trim() !== '') || (inlineChain !== undefined && inlineChain.trim() !== '')) {
    if (keyType !== undefined && keyType !== 'PEM') throw ConfigException.invalid('ssl.keystore.type', keyType, 'ssl.keystore.key needs ssl.keystore.type=PEM')
    if (inlineKey === undefined || inlineKey.trim() === '') throw new ConfigException('ssl.keystore.key is required with ssl.keystore.certificate.chain', { key: 'ssl.keystore.key' })
    if (inlineChain === undefined || inlineChain.trim() === '') throw new ConfigException('ssl.keystore.certificate.chain is required with ssl.keystore.key', { key: 'ssl.keystore.certificate.chain' })
    tls.key = normalizePem(inlineKey)
    tls.cert = normalizePem(inlineChain)
    if (keyPassword !== undefined && keyPassword !== '') tls.passphrase = keyPassword
  } else if (keyPath !== undefined && keyPath.trim() !== '') {
    const content = readStore('ssl.keystore.location', keyPath.trim())
    const text = content.toString('utf8')
    if (keyType === 'PEM' || (keyType === undefined && looksLikePem(text))) {
      // One file with the private key and the certificate chain; OpenSSL picks each from it.
      const pem = normalizePem(text)
      tls.key = pem
      tls.cert = pem
      if (keyPassword !== undefined && keyPassword !== '') tls.passphrase = keyPassword
    } else if (keyType === 'PKCS12') {
      tls.pfx = content
      const password = props['ssl.keystore.password']
      if (password !== undefined && password !== '') tls.passphrase = password
    } else {
      throw ConfigException.invalid('ssl.keystore.type', keyType ?? 'JKS', 'supported key store types are PEM and PKCS12')
    }
  }

  const algorithm = props['ssl.endpoint.identification.algorithm']
  if (algorithm !== undefined) {
    const a = algorithm.trim().toLowerCase()
    if (a === '') tls.checkServerIdentity = () => undefined
    else if (a !== 'https') throw ConfigException.invalid('ssl.endpoint.identification.algorithm', algorithm, 'use https or an empty value')
  }

  const enabled = props['ssl.enabled.protocols']
  if (enabled !== undefined && enabled.trim() !== '') {
    const versions = enabled.split(',').map(s => s.trim()).filter(s => s !== '')
    const known = versions.map(v => PROTOCOL_ORDER.indexOf(v as SecureVersion))
    if (known.some(i => i < 0)) throw ConfigException.invalid('ssl.enabled.protocols', enabled, `supported protocols are ${PROTOCOL_ORDER.join(', ')}`)
    tls.minVersion = PROTOCOL_ORDER[Math.min(...known)]
    tls.maxVersion = PROTOCOL_ORDER[Math.max(...known)]
  }
  return tls
}
