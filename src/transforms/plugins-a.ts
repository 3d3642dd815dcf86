// The part-A SMTs as plugin descriptors (one per $Key / $Value class).
import type { PluginDescriptor } from '../api/index.ts'
import { Cast$Key, Cast$Value } from './cast.ts'
import { ExtractField$Key, ExtractField$Value } from './extract-field.ts'
import { Flatten$Key, Flatten$Value } from './flatten.ts'
import { HoistField$Key, HoistField$Value } from './hoist-field.ts'
import { InsertField$Key, InsertField$Value } from './insert-field.ts'
import { MaskField$Key, MaskField$Value } from './mask-field.ts'
import { TimestampConverter$Key, TimestampConverter$Value } from './timestamp-converter.ts'

export const transformsA: PluginDescriptor[] = [
  Cast$Key, Cast$Value,
  ExtractField$Key, ExtractField$Value,
  Flatten$Key, Flatten$Value,
  HoistField$Key, HoistField$Value,
  InsertField$Key, InsertField$Value,
  MaskField$Key, MaskField$Value,
  TimestampConverter$Key, TimestampConverter$Value
].map(cls => ({ type: 'transformation', class: cls }))
