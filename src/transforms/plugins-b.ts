// The SMTs and predicates of part B, as plugin descriptors for the registry.
import type { PluginDescriptor } from '../api/index.ts'
import { DropHeaders } from './drop-headers.ts'
import { Filter } from './filter.ts'
import { HeaderFrom$Key, HeaderFrom$Value } from './header-from.ts'
import { InsertHeader } from './insert-header.ts'
import { HasHeaderKey } from './predicates/has-header-key.ts'
import { RecordIsTombstone } from './predicates/record-is-tombstone.ts'
import { TopicNameMatches } from './predicates/topic-name-matches.ts'
import { RegexRouter } from './regex-router.ts'
import { ReplaceField$Key, ReplaceField$Value } from './replace-field.ts'
import { SetSchemaMetadata$Key, SetSchemaMetadata$Value } from './set-schema-metadata.ts'
import { TimestampRouter } from './timestamp-router.ts'
import { ValueToKey } from './value-to-key.ts'

export const transformsB: PluginDescriptor[] = [
  { type: 'transformation', class: DropHeaders },
  { type: 'transformation', class: Filter },
  { type: 'transformation', class: HeaderFrom$Key },
  { type: 'transformation', class: HeaderFrom$Value },
  { type: 'transformation', class: InsertHeader },
  { type: 'transformation', class: RegexRouter },
  { type: 'transformation', class: ReplaceField$Key },
  { type: 'transformation', class: ReplaceField$Value },
  { type: 'transformation', class: SetSchemaMetadata$Key },
  { type: 'transformation', class: SetSchemaMetadata$Value },
  { type: 'transformation', class: TimestampRouter },
  { type: 'transformation', class: ValueToKey },
  { type: 'predicate', class: TopicNameMatches },
  { type: 'predicate', class: HasHeaderKey },
  { type: 'predicate', class: RecordIsTombstone }
]
