// Encodes a random response with our codec, parses it with @platformatic/kafka's parseResponse and lists the
// fields (present in that version) whose values differ. Shared by the oracle tests.
import * as plt from '@platformatic/kafka'
import { codecFor } from '../../../src/broker/protocol/messages/index.ts'
import type { MessageCodec } from '../../../src/broker/protocol/messages/index.ts'
import { Writer } from '../../../src/broker/protocol/writer.ts'
import { camel, type Model, type SpecField } from './spec-model.ts'

type Obj = Record<string, any>
export const pltModule = (api: string, v: number): Obj | undefined => (plt as Obj)[`${camel(api)}V${v}`]

/** Compares the fields present in version v; platformatic may add fields of other versions to its objects. */
function compare (model: Model, v: number, ours: unknown, theirs: unknown, path: string, fields: SpecField[] | undefined, problems: string[]): void {
  if (fields === undefined || fields.length === 0 || ours === null) {
    if (Buffer.isBuffer(ours)) {
      if (!(Buffer.isBuffer(theirs) && theirs.equals(ours))) problems.push(`${path}: bytes differ`)
    } else if (Array.isArray(ours)) {
      if (!Array.isArray(theirs) || theirs.length !== ours.length || ours.some((x, i) => !Object.is(x, theirs[i]))) problems.push(`${path}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`)
    } else if (!Object.is(ours, theirs)) problems.push(`${path}: ours ${String(ours)}, theirs ${String(theirs)}`)
    return
  }
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || theirs.length !== ours.length) { problems.push(`${path}: array lengths differ`); return }
    ours.forEach((x, i) => { compare(model, v, x, theirs[i], `${path}[${i}]`, fields, problems) })
    return
  }
  for (const { key, sub } of model.fieldsAt(v, fields)) {
    const o = (ours as Obj)[key]
    const t = (theirs as Obj)?.[key]
    if (t === undefined && NOT_PARSED.has(`${model.spec.name}.${key}`)) continue
    if (t === undefined) { problems.push(`${path}.${key}: missing in platformatic's result`); continue }
    compare(model, v, o, t, `${path}.${key}`, sub, problems)
  }
}

/** Tagged fields platformatic skips instead of parsing. */
const NOT_PARSED = new Set(['CreateTopicsResponse.topicConfigErrorCode'])

/** Where platformatic shapes a response differently from the spec, bring it back before comparing. */
function adaptTheirs (api: string, v: number, theirs: Obj): Obj {
  if (api === 'FindCoordinator' && v < 4) return { ...theirs, ...theirs.coordinators[0] }
  if (api === 'AddPartitionsToTxn' && v < 4) return { ...theirs, resultsByTopicV3AndBelow: theirs.resultsByTransaction[0].topicResults }
  if (api === 'Fetch' && v < 13) return { ...theirs, responses: theirs.responses.map((t: Obj) => ({ ...t, topic: t.topicId })) }
  return theirs
}

/** Makes a random response parseable by platformatic: known error codes, and records it can read (none). */
function tame (x: unknown, r: () => number, errors = true): void {
  if (Array.isArray(x)) { x.forEach(e => { tame(e, r, errors) }); return }
  if (x === null || typeof x !== 'object' || Buffer.isBuffer(x)) return
  const o = x as Obj
  for (const k of Object.keys(o)) {
    if (k === 'errorCode' || k.endsWith('ErrorCode')) o[k] = errors && r() < 0.2 ? 3 : 0
    else if (k === 'records') o[k] = null
    else tame(o[k], r, errors)
  }
}

/**
 * Problems found when platformatic parses our encoding of a random response for (api, v); [] when none. `codec`
 * defaults to ours from the advertised table.
 */
export function checkWithPlatformatic (model: Model, api: string, apiKey: number, v: number, r: () => number, codec: MessageCodec | undefined = codecFor(apiKey, v)): string[] {
  const mod = pltModule(api, v)
  if (mod === undefined || codec === undefined) return [`no platformatic module or codec for ${api} v${v}`]
  const value = model.project(model.random(v, r), v)
  // platformatic answers an ApiVersions error with an empty v0-style result, so keep those at NONE
  tame(value, r, api !== 'ApiVersions')
  const w = new Writer()
  codec.encodeResponse(w, value)
  let parsed: Obj
  try {
    parsed = mod.parseResponse(1, apiKey, v, plt.Reader.from(w.toBuffer()))
  } catch (err) {
    parsed = (err as Obj).response
    if (parsed === undefined) throw err
  }
  const problems: string[] = []
  compare(model, v, value, adaptTheirs(api, v, parsed), '', model.spec.fields, problems)
  return problems
}
