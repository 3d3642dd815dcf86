// Connect schemas to and from the JSON schema objects of JsonConverter's envelope (Kafka's JsonSchema and
// JsonConverter.asJsonSchema/asConnectSchema). Field order of a written schema: type, then items / keys, values /
// fields, then optional (always), name, version, doc, parameters, default; a struct field entry is the field's
// schema object with "field": "<name>" last.
import { DataError } from '../data/errors.ts'
import { SchemaBuilder } from '../data/schema-builder.ts'
import type { Schema, SchemaType } from '../data/schema.ts'
import { toJsonText, type JsonDataOptions } from './json-from-connect.ts'
import { JsonNumber, type JsonNode, type JsonObject } from './json-parser.ts'
import { quote } from './json-text.ts'
import { toConnect } from './json-to-connect.ts'

/** The JSON `type` name of each Connect type. */
export const JSON_TYPE_NAMES: Readonly<Record<SchemaType, string>> = {
  BOOLEAN: 'boolean',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FLOAT32: 'float',
  FLOAT64: 'double',
  BYTES: 'bytes',
  STRING: 'string',
  ARRAY: 'array',
  MAP: 'map',
  STRUCT: 'struct'
}

/** A schema as envelope JSON text (`null` for no schema). */
export function asJsonSchema (schema: Schema | null, opts: JsonDataOptions): string {
  if (schema === null) return 'null'
  const type = schema.type()
  const typeName = JSON_TYPE_NAMES[type]
  if (typeName === undefined) throw new DataError(`Couldn't translate unsupported schema type ${String(schema)}.`)
  let out = '{"type":"' + typeName + '"'
  switch (type) {
    case 'ARRAY':
      out += ',"items":' + asJsonSchema(schema.valueSchema(), opts)
      break
    case 'MAP':
      out += ',"keys":' + asJsonSchema(schema.keySchema(), opts) + ',"values":' + asJsonSchema(schema.valueSchema(), opts)
      break
    case 'STRUCT': {
      out += ',"fields":['
      const fields = schema.fields()
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!
        const fieldJson = asJsonSchema(f.schema(), opts)
        if (i > 0) out += ','
        out += fieldJson.slice(0, -1) + ',"field":' + quote(f.name()) + '}'
      }
      out += ']'
      break
    }
  }
  out += schema.isOptional() ? ',"optional":true' : ',"optional":false'
  const name = schema.name()
  if (name !== null) out += ',"name":' + quote(name)
  const version = schema.version()
  if (version !== null) out += ',"version":' + String(version)
  const doc = schema.doc()
  if (doc !== null) out += ',"doc":' + quote(doc)
  const params = schema.parameters()
  if (params !== null) {
    out += ',"parameters":{'
    let first = true
    for (const [k, v] of params) {
      if (!first) out += ','
      first = false
      out += quote(k) + ':' + (v === null ? 'null' : quote(v))
    }
    out += '}'
  }
  const def = schema.defaultValue()
  if (def != null) out += ',"default":' + toJsonText(schema, def, opts)
  return out + '}'
}

function field (node: JsonNode, name: string): JsonNode | undefined {
  return node instanceof Map ? node.get(name) : undefined
}

function builderFor (typeName: string, node: JsonNode, opts: JsonDataOptions): SchemaBuilder {
  switch (typeName) {
    case 'boolean': return SchemaBuilder.bool()
    case 'int8': return SchemaBuilder.int8()
    case 'int16': return SchemaBuilder.int16()
    case 'int32': return SchemaBuilder.int32()
    case 'int64': return SchemaBuilder.int64()
    case 'float': return SchemaBuilder.float32()
    case 'double': return SchemaBuilder.float64()
    case 'bytes': return SchemaBuilder.bytes()
    case 'string': return SchemaBuilder.string()
    case 'array': {
      const items = field(node, 'items')
      if (items == null) throw new DataError('Array schema did not specify the element type')
      return SchemaBuilder.array(asConnectSchema(items, opts)!)
    }
    case 'map': {
      const keys = field(node, 'keys')
      if (keys === undefined) throw new DataError('Map schema did not specify the key type')
      const values = field(node, 'values')
      if (values === undefined) throw new DataError('Map schema did not specify the value type')
      return SchemaBuilder.map(asConnectSchema(keys, opts)!, asConnectSchema(values, opts)!)
    }
    case 'struct': {
      const builder = SchemaBuilder.struct()
      const fields = field(node, 'fields')
      if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.')
      for (const f of fields) {
        const name = field(f, 'field')
        if (typeof name !== 'string') throw new DataError("Struct schema's field name not specified properly")
        builder.field(name, asConnectSchema(f, opts)!)
      }
      return builder
    }
    default:
      throw new DataError(`Unknown schema type: ${typeName}`)
  }
}

/** Kafka's JsonConverter.asConnectSchema: an envelope schema object to a Connect schema (null for JSON null). */
export function asConnectSchema (node: JsonNode, opts: JsonDataOptions): Schema | null {
  if (node === null) return null
  const typeNode = field(node, 'type')
  if (typeof typeNode !== 'string') throw new DataError("Schema must contain 'type' field")
  const obj = node as JsonObject
  const builder = builderFor(typeNode, obj, opts)
  if (obj.get('optional') === true) builder.optional()
  else builder.required()
  const name = obj.get('name')
  if (typeof name === 'string') builder.name(name)
  const version = obj.get('version')
  if (version instanceof JsonNumber && version.integral) builder.version(Number(BigInt.asIntN(32, BigInt(version.text))))
  const doc = obj.get('doc')
  if (typeof doc === 'string') builder.doc(doc)
  const params = obj.get('parameters')
  if (params instanceof Map) {
    for (const [k, v] of params) {
      if (typeof v !== 'string') throw new DataError('Schema parameters must have string values.')
      builder.parameter(k, v)
    }
  }
  if (obj.has('default')) builder.defaultValue(toConnect(builder, obj.get('default'), opts))
  return builder.build()
}
