// Record batch v2: header parse/validate/patch (batch.ts), record iteration (records.ts), codecs
// (compression.ts), a batch builder (builder.ts), varints (varint.ts) and the error codes they produce.
export * from './batch.ts'
export * from './records.ts'
export * from './compression.ts'
export * from './builder.ts'
export * from './varint.ts'
export { RecordErrors } from './errors.ts'
