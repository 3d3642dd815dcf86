// Java's Double.toString and Float.toString (JDK 19+, the shortest-decimal algorithm), which Jackson uses to print
// FLOAT64 and FLOAT32 values and Values.convertToString uses for numbers: `1.0`, `1.1`, `1.0E10`, `1.0E-5`, `NaN`.
// Older JDKs (17) print a few values with extra digits; kconnect follows the current algorithm.

/** Lays out significant digits `digits` (no leading zero) with decimal exponent `exp` (value = d.ddd × 10^exp). */
function layout (negative: boolean, digits: string, exp: number): string {
  const sign = negative ? '-' : ''
  if (exp >= -3 && exp < 7) {
    if (exp >= 0) {
      const intLen = exp + 1
      const intPart = digits.length >= intLen ? digits.slice(0, intLen) : digits + '0'.repeat(intLen - digits.length)
      const frac = digits.length > intLen ? digits.slice(intLen) : '0'
      return `${sign}${intPart}.${frac}`
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  }
  return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}E${exp}`
}

/** Splits `toExponential()` text into digits without trailing zeros and the exponent. */
function split (expText: string): [string, number] {
  const e = expText.indexOf('e')
  let digits = expText.slice(0, e).replace('.', '')
  let end = digits.length
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--
  digits = digits.slice(0, end)
  return [digits, Number(expText.slice(e + 1))]
}

/** Java's `Double.toString(d)`. */
export function javaDoubleToString (d: number): string {
  if (Number.isNaN(d)) return 'NaN'
  if (d === Infinity) return 'Infinity'
  if (d === -Infinity) return '-Infinity'
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0'
  const a = Math.abs(d)
  if (a >= 1e-3 && a < 1e7) {
    // JS prints this range in plain notation with the same shortest digits (one significant digit cannot occur
    // here with a closer two-digit decimal, so Java's two-digit rule changes nothing).
    const s = String(d)
    return s.includes('.') ? s : s + '.0'
  }
  let [digits, exp] = split(a.toExponential())
  if (digits.length === 1) {
    // Java considers two-digit decimals too when one digit suffices, and takes the closest (4.9E-324, not 5E-324).
    const two = a.toExponential(1)
    if (Number(two) === a) [digits, exp] = split(two)
  }
  return layout(d < 0, digits, exp)
}

/** Shortest digits that read back (as a float) to `f`, closest to `f` among them; `f` must be a float32 value. */
function floatDigits (a: number): [string, number] {
  for (let p = 1; p <= 9; p++) {
    const text = a.toExponential(p - 1)
    const e = text.indexOf('e')
    const exp = Number(text.slice(e + 1))
    const mant = BigInt(text.slice(0, e).replace('.', ''))
    let best: bigint | null = null
    let bestDist = Infinity
    for (const m of [mant, mant - 1n, mant + 1n]) {
      if (m <= 0n) continue
      const v = Number(`${m}e${exp - (p - 1)}`)
      if (Math.fround(v) !== a) continue
      const dist = Math.abs(v - a)
      if (dist < bestDist) { best = m; bestDist = dist }
    }
    if (best !== null) {
      let s = best.toString()
      let x = exp
      if (s.length > p) { x += 1 } // 9.99 + 1 carried into a new digit
      if (p === 1) {
        const two = a.toExponential(1)
        if (Math.fround(Number(two)) === a) return split(two)
      }
      let end = s.length
      while (end > 1 && s.charCodeAt(end - 1) === 48) end--
      s = s.slice(0, end)
      return [s, x]
    }
  }
  return split(a.toExponential(8))
}

/** Java's `Float.toString(f)`; `f` is first rounded to float32. */
export function javaFloatToString (value: number): string {
  const f = Math.fround(value)
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return 'Infinity'
  if (f === -Infinity) return '-Infinity'
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0'
  const [digits, exp] = floatDigits(Math.abs(f))
  return layout(f < 0, digits, exp)
}
