// Versions: kconnect's own, and the Kafka Connect version whose REST API and behaviour it implements (what GET /
// reports, so tools that gate features on the Connect version treat us as that release).
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

export const KCONNECT_VERSION: string = pkg.version
export const CONNECT_API_VERSION = '4.0.0'
/** The `commit` of GET /: kconnect's version, since Kafka's short commit id means nothing here. */
export const KCONNECT_COMMIT: string = `kconnect-${pkg.version}`
