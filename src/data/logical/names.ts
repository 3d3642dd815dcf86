// Logical type names, kept apart from the helpers so the schema validation code can use them without import cycles.
export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal'
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date'
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time'
export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp'

export const MILLIS_PER_DAY = 24 * 60 * 60 * 1000
