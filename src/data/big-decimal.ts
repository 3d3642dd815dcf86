// An exact decimal: a bigint unscaled value and an int scale (value = unscaled × 10^-scale), as java.math.BigDecimal.
// It is the value of the Decimal logical type. Text in and out follows Java's BigDecimal(String) and toString()
// exactly, because JsonConverter (decimal.format=NUMERIC) and Values print and read decimals through them.
import { DataError } from './errors.ts'
import { javaDoubleToString } from './java-number-format.ts'

const INT_MIN = -2147483648
const INT_MAX = 2147483647

/** Java's RoundingMode names. */
export const RoundingMode = {
  UP: 'UP',
  DOWN: 'DOWN',
  CEILING: 'CEILING',
  FLOOR: 'FLOOR',
  HALF_UP: 'HALF_UP',
  HALF_DOWN: 'HALF_DOWN',
  HALF_EVEN: 'HALF_EVEN',
  UNNECESSARY: 'UNNECESSARY'
} as const
export type RoundingMode = typeof RoundingMode[keyof typeof RoundingMode]

const POW10: bigint[] = [1n]
function pow10 (n: number): bigint {
  if (n < 64) {
    while (POW10.length <= n) POW10.push(POW10[POW10.length - 1]! * 10n)
    return POW10[n]!
  }
  return 10n ** BigInt(n)
}

function abs (v: bigint): bigint {
  return v < 0n ? -v : v
}

// Matches Java's BigDecimal(String) grammar: sign, digits with an optional point (digits on at least one side),
// optional exponent.
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** An immutable arbitrary-precision decimal number (java.math.BigDecimal). */
export class BigDecimal {
  /** The unscaled value: the digits as an integer. */
  readonly unscaledValue: bigint
  /** Digits to the right of the decimal point (negative: zeros to the left of it). */
  readonly scale: number

  constructor (unscaledValue: bigint, scale = 0) {
    if (typeof unscaledValue !== 'bigint') throw new TypeError('BigDecimal unscaled value must be a bigint')
    if (!Number.isInteger(scale) || scale < INT_MIN || scale > INT_MAX) throw new RangeError(`Invalid BigDecimal scale: ${scale}`)
    this.unscaledValue = unscaledValue
    this.scale = scale
  }

  /** Java's `new BigDecimal(String)`; throws a DataError (Java: NumberFormatException) on bad text. */
  static parse (text: string): BigDecimal {
    const m = DECIMAL_TEXT.exec(text)
    const intPart = m?.[2] ?? ''
    const fracPart = m?.[3] ?? ''
    if (m === null || (intPart === '' && fracPart === '')) {
      throw new DataError(`Character array is missing "exponent" mark 'e' or 'E'. Invalid decimal: ${text}`)
    }
    const exp = m[4] === undefined ? 0 : Number(m[4])
    const scale = fracPart.length - exp
    if (!Number.isSafeInteger(exp) || scale < INT_MIN || scale > INT_MAX) throw new DataError(`Exponent overflow in decimal: ${text}`)
    let unscaled = BigInt(intPart + fracPart)
    if (m[1] === '-') unscaled = -unscaled
    return new BigDecimal(unscaled, scale)
  }

  /** Java's `BigDecimal.valueOf(double)`: the decimal of `Double.toString(d)`. */
  static valueOf (d: number): BigDecimal {
    if (!Number.isFinite(d)) throw new DataError(`Infinite or NaN: ${d}`)
    return BigDecimal.parse(javaDoubleToString(d))
  }

  /** Sign: -1, 0 or 1. */
  signum (): number {
    return this.unscaledValue === 0n ? 0 : this.unscaledValue < 0n ? -1 : 1
  }

  /** Number of digits of the unscaled value (1 for zero). */
  precision (): number {
    return this.unscaledValue === 0n ? 1 : abs(this.unscaledValue).toString().length
  }

  /** Java's BigDecimal.setScale(newScale, roundingMode). */
  setScale (newScale: number, rounding: RoundingMode = RoundingMode.UNNECESSARY): BigDecimal {
    if (newScale === this.scale) return this
    if (newScale > this.scale) return new BigDecimal(this.unscaledValue * pow10(newScale - this.scale), newScale)
    const divisor = pow10(this.scale - newScale)
    return new BigDecimal(divideRounded(this.unscaledValue, divisor, rounding), newScale)
  }

  /** The integer part, truncated toward zero (Java's toBigInteger). */
  toBigInt (): bigint {
    if (this.scale <= 0) return this.unscaledValue * pow10(-this.scale)
    return this.unscaledValue / pow10(this.scale)
  }

  /** The nearest double (Java's doubleValue). */
  toNumber (): number {
    return Number(this.toString())
  }

  /** Numeric comparison ignoring scale (Java's compareTo): -1, 0 or 1. */
  compareTo (other: BigDecimal): number {
    const s = Math.max(this.scale, other.scale)
    const a = this.unscaledValue * pow10(s - this.scale)
    const b = other.unscaledValue * pow10(s - other.scale)
    return a < b ? -1 : a > b ? 1 : 0
  }

  /** Equal value and equal scale, as Java's BigDecimal.equals (2.0 is not equal to 2.00). */
  equals (other: unknown): boolean {
    return other instanceof BigDecimal && other.scale === this.scale && other.unscaledValue === this.unscaledValue
  }

  /** Java's BigDecimal.toString(): scientific notation when the scale is negative or the exponent below -6. */
  toString (): string {
    const neg = this.unscaledValue < 0n
    const coeff = abs(this.unscaledValue).toString()
    const sign = neg ? '-' : ''
    if (this.scale === 0) return sign + coeff
    const adjusted = -this.scale + (coeff.length - 1)
    if (this.scale > 0 && adjusted >= -6) {
      const pad = this.scale - coeff.length
      if (pad >= 0) return `${sign}0.${'0'.repeat(pad)}${coeff}`
      return `${sign}${coeff.slice(0, coeff.length - this.scale)}.${coeff.slice(coeff.length - this.scale)}`
    }
    const mantissa = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`
  }

  /** Java's toPlainString(): never scientific notation. */
  toPlainString (): string {
    const neg = this.unscaledValue < 0n
    const coeff = abs(this.unscaledValue).toString()
    const sign = neg ? '-' : ''
    if (this.scale <= 0) return sign + coeff + (this.unscaledValue === 0n ? '' : '0'.repeat(-this.scale))
    const pad = this.scale - coeff.length
    if (pad >= 0) return `${sign}0.${'0'.repeat(pad)}${coeff}`
    return `${sign}${coeff.slice(0, coeff.length - this.scale)}.${coeff.slice(coeff.length - this.scale)}`
  }

  toJSON (): string {
    return this.toString()
  }
}

function divideRounded (value: bigint, divisor: bigint, rounding: RoundingMode): bigint {
  const q = value / divisor
  const r = value % divisor
  if (r === 0n) return q
  const sign = value < 0n ? -1n : 1n
  const twice = abs(r) * 2n
  let up: boolean
  switch (rounding) {
    case 'UNNECESSARY': throw new DataError('Rounding necessary')
    case 'UP': up = true; break
    case 'DOWN': up = false; break
    case 'CEILING': up = sign > 0n; break
    case 'FLOOR': up = sign < 0n; break
    case 'HALF_UP': up = twice >= divisor; break
    case 'HALF_DOWN': up = twice > divisor; break
    case 'HALF_EVEN': up = twice > divisor || (twice === divisor && (q & 1n) !== 0n); break
    default: throw new DataError(`Unknown rounding mode: ${String(rounding)}`)
  }
  return up ? q + sign : q
}
