// Compression codecs of record batches (attributes bits 0-2), through libraries only: gzip and zstd from node:zlib,
// snappy and lz4 from @platformatic/wasm-utils. Snappy decoding accepts both the xerial framing Java producers
// write and raw snappy blocks (librdkafka, kafkajs codecs); encoding writes xerial framing, which every client
// reads. LZ4 is the LZ4 frame format. Errors (corrupt input, unknown codec) throw RecordsFormatError.
import { gunzipSync, gzipSync, zstdCompressSync, zstdDecompressSync } from 'node:zlib'
import { lz4Compress, lz4Decompress, snappyCompress, snappyDecompress } from '@platformatic/wasm-utils'
import { RecordsFormatError } from './varint.ts'

export const Codec = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const
export type CodecId = typeof Codec[keyof typeof Codec]

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

export function codecName (codec: number): string {
  return NAMES[codec] ?? `unknown(${codec})`
}

/** Xerial snappy-java stream header: magic "\x82SNAPPY\0", then int32 version 1 and int32 compatible version 1. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])
const XERIAL_HEADER_SIZE = 16
const XERIAL_BLOCK = 32 * 1024

export function isXerialFramed (data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)
}

function unsnappy (data: Buffer): Buffer {
  if (!isXerialFramed(data)) return snappyDecompress(data)
  const parts: Buffer[] = []
  let pos = XERIAL_HEADER_SIZE
  while (pos < data.length) {
    if (data.length - pos < 4) throw new RecordsFormatError('xerial snappy block length is cut off')
    const length = data.readInt32BE(pos)
    pos += 4
    if (length < 0 || pos + length > data.length) throw new RecordsFormatError(`xerial snappy block of ${length} bytes does not fit`)
    parts.push(snappyDecompress(data.subarray(pos, pos + length)))
    pos += length
  }
  return Buffer.concat(parts)
}

/** Snappy in xerial framing (blocks of 32 KiB, as snappy-java writes them). */
export function xerialSnappy (data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK) {
    const block = snappyCompress(data.subarray(pos, pos + XERIAL_BLOCK))
    const length = Buffer.alloc(4)
    length.writeInt32BE(block.length)
    parts.push(length, block)
  }
  return Buffer.concat(parts)
}

/** Compresses a records section with `codec` (0 returns the input). */
export function compress (codec: number, data: Buffer): Buffer {
  switch (codec) {
    case Codec.NONE: return data
    case Codec.GZIP: return gzipSync(data)
    case Codec.SNAPPY: return xerialSnappy(data)
    case Codec.LZ4: return lz4Compress(data)
    case Codec.ZSTD: return zstdCompressSync(data)
    default: throw new RecordsFormatError(`unknown compression codec ${codec}`)
  }
}

/** Decompresses a records section (0 returns the input). Corrupt data throws RecordsFormatError. */
export function decompress (codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case Codec.NONE: return data
      case Codec.GZIP: return gunzipSync(data)
      case Codec.SNAPPY: return unsnappy(data)
      case Codec.LZ4: return lz4Decompress(data)
      case Codec.ZSTD: return zstdDecompressSync(data)
    }
  } catch (err) {
    if (err instanceof RecordsFormatError) throw err
    throw new RecordsFormatError(`cannot decompress ${codecName(codec)} records: ${(err as Error).message}`)
  }
  throw new RecordsFormatError(`unknown compression codec ${codec}`)
}
