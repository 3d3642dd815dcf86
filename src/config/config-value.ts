// The validation result of one key (Kafka's ConfigValue): its parsed value, recommended values, error messages and
// visibility. A PASSWORD value stays a Password object, so printing or serializing it shows `[hidden]`.
export class ConfigValue {
  readonly name: string
  value: unknown
  recommendedValues: unknown[]
  readonly errorMessages: string[]
  visible: boolean

  constructor (name: string, value: unknown = null, recommendedValues: unknown[] = [], errorMessages: string[] = [], visible = true) {
    this.name = name
    this.value = value
    this.recommendedValues = recommendedValues
    this.errorMessages = errorMessages
    this.visible = visible
  }

  addErrorMessage (message: string): this {
    this.errorMessages.push(message)
    return this
  }
}
