// The SMT chain of a connector (Kafka's TransformationChain), built from `transforms` and `predicates`. Each stage
// may drop a record (null), pass one, or — beyond Kafka — emit several; a stage with a predicate runs only on the
// records the predicate (or its negation) selects.
import type { ConnectRecord } from '../api/records.ts'
import type { Predicate, Transformation } from '../api/transformation.ts'
import { parseList } from '../config/parse-type.ts'
import { ConnectError } from '../api/errors.ts'
import type { PluginRegistry } from './plugins/registry.ts'

interface Stage<R extends ConnectRecord<R>> {
  readonly alias: string
  readonly transform: Transformation<R>
  readonly predicate: Predicate<R> | null
  readonly negate: boolean
}

function subConfig (config: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}

export class TransformationChain<R extends ConnectRecord<R>> {
  readonly #stages: Array<Stage<R>>

  constructor (stages: Array<Stage<R>>) {
    this.#stages = stages
  }

  static empty<R extends ConnectRecord<R>> (): TransformationChain<R> {
    return new TransformationChain<R>([])
  }

  /** Instantiate and configure the chain a connector config describes. */
  static fromConfig<R extends ConnectRecord<R>> (registry: PluginRegistry, config: Readonly<Record<string, string>>): TransformationChain<R> {
    const predicates = new Map<string, Predicate<R>>()
    for (const alias of new Set(parseList(config.predicates ?? ''))) {
      const type = config[`predicates.${alias}.type`]
      const entry = type === undefined ? undefined : registry.find(type, ['predicate'])
      if (entry === undefined) throw new ConnectError(`Predicate '${alias}': class ${type ?? '(none)'} could not be found.`)
      const p = new entry.cls() as Predicate<R>
      p.configure(subConfig(config, `predicates.${alias}.`))
      predicates.set(alias, p)
    }
    const stages: Array<Stage<R>> = []
    for (const alias of new Set(parseList(config.transforms ?? ''))) {
      const prefix = `transforms.${alias}.`
      const type = config[`${prefix}type`]
      const entry = type === undefined ? undefined : registry.find(type, ['transformation'])
      if (entry === undefined) throw new ConnectError(`Transformation '${alias}': class ${type ?? '(none)'} could not be found.`)
      const t = new entry.cls() as Transformation<R>
      const own = subConfig(config, prefix)
      const predicateAlias = own.predicate
      delete own.predicate
      const negate = own.negate === 'true'
      delete own.negate
      delete own.type
      t.configure(own)
      let predicate: Predicate<R> | null = null
      if (predicateAlias !== undefined && predicateAlias !== '') {
        predicate = predicates.get(predicateAlias) ?? null
        if (predicate === null) throw new ConnectError(`Transformation '${alias}' refers to an undefined predicate '${predicateAlias}'`)
      }
      stages.push({ alias, transform: t, predicate, negate })
    }
    return new TransformationChain(stages)
  }

  get size (): number {
    return this.#stages.length
  }

  /** Run every stage; returns the records that come out (none when dropped). */
  apply (record: R): R[] {
    const stages = this.#stages
    if (stages.length === 0) return [record]
    // Fast path: one record through every stage while no stage fans out.
    let single: R | null = record
    let i = 0
    for (; i < stages.length; i++) {
      const stage = stages[i]!
      if (stage.predicate !== null && stage.predicate.test(single) === stage.negate) continue
      const out: R | R[] | null = stage.transform.apply(single)
      if (out === null || out === undefined) return []
      if (Array.isArray(out)) return this.#applyMany(out, i + 1)
      single = out
    }
    return [single]
  }

  #applyMany (records: R[], from: number): R[] {
    let current = records
    for (let i = from; i < this.#stages.length && current.length > 0; i++) {
      const stage = this.#stages[i]!
      const next: R[] = []
      for (const r of current) {
        if (stage.predicate !== null && stage.predicate.test(r) === stage.negate) { next.push(r); continue }
        const out = stage.transform.apply(r)
        if (out === null || out === undefined) continue
        if (Array.isArray(out)) next.push(...out)
        else next.push(out)
      }
      current = next
    }
    return current
  }

  close (): void {
    for (const s of this.#stages) s.transform.close?.()
  }
}
