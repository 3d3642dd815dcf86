// The class name a stage reports: a plugin's static `className` (Java-style), else its JS class name.
export function classNameOf (instance: unknown): string {
  if (instance === null || typeof instance !== 'object') return String(instance)
  const ctor = (instance as { constructor?: { name?: string, className?: string } }).constructor
  return ctor?.className ?? ctor?.name ?? 'Object'
}
