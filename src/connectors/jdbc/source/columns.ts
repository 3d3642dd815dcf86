// Column metadata in JDBC's terms (java.sql.Types names, precision, scale, signedness, nullability), as Confluent's
// dialects see it through ResultSetMetaData. Each dialect describes its driver's columns this way, reproducing what
// the JDBC driver Confluent ships would report, so one mapping (schema-mapping.ts) turns them into Connect schemas.
import type { TableId } from './table-id.ts'

export type SqlType =
  | 'NULL' | 'BOOLEAN' | 'BIT' | 'TINYINT' | 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'REAL' | 'FLOAT' | 'DOUBLE'
  | 'NUMERIC' | 'DECIMAL' | 'CHAR' | 'VARCHAR' | 'LONGVARCHAR' | 'NCHAR' | 'NVARCHAR' | 'LONGNVARCHAR' | 'CLOB'
  | 'NCLOB' | 'SQLXML' | 'BINARY' | 'VARBINARY' | 'LONGVARBINARY' | 'BLOB' | 'DATE' | 'TIME' | 'TIMESTAMP' | 'OTHER'
  | 'ARRAY' | 'STRUCT'

/** ResultSetMetaData.getScale() of a NUMERIC without a declared scale (Confluent's NUMERIC_TYPE_SCALE_UNSET). */
export const NUMERIC_TYPE_SCALE_UNSET = -127
/** The scale Confluent falls back to when a NUMERIC has none (NUMERIC_TYPE_SCALE_HIGH). */
export const NUMERIC_TYPE_SCALE_HIGH = 127
export const NUMERIC_TYPE_SCALE_LOW = -84

/** How a temporal column's text is to be read (the dialect knows what its driver hands back). */
export type TemporalForm =
  /** Wall-clock text in db.timezone (TIMESTAMP WITHOUT TIME ZONE, DATETIME). */
  | 'local'
  /** Wall-clock text in UTC (MySQL TIMESTAMP with the session at +00:00). */
  | 'utc'
  /** Text carrying its own offset (timestamptz, timetz). */
  | 'offset'

export interface ColumnDefinition {
  /** The column label: the Connect field name (Confluent's fieldNameFor uses the alias). */
  readonly name: string
  /** The base column name, when the column comes straight from a table. */
  readonly columnName: string
  /** The table the column belongs to, when known. */
  readonly table: TableId | null
  readonly sqlType: SqlType
  /** The database's own type name (int4, varchar, DECIMAL(10,2)…). */
  readonly typeName: string
  readonly precision: number
  readonly scale: number
  readonly signed: boolean
  /** Nullable or unknown: the field is optional (ColumnDefinition.isOptional). */
  readonly optional: boolean
  readonly autoIncrement: boolean
  readonly temporal: TemporalForm
}

export function column (init: Partial<ColumnDefinition> & Pick<ColumnDefinition, 'name' | 'sqlType' | 'typeName'>): ColumnDefinition {
  return Object.freeze({
    columnName: init.name,
    table: null,
    precision: 0,
    scale: 0,
    signed: true,
    optional: true,
    autoIncrement: false,
    temporal: 'local' as const,
    ...init
  })
}
