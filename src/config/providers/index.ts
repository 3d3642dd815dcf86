// Config providers: the contract, the three built-ins, worker-key configuration and the `${…}` transformer.
export * from './config-provider.ts'
export { AllowedPaths, ALLOWED_PATHS_CONFIG, normalizePath } from './allowed-paths.ts'
export { FileConfigProvider } from './file.ts'
export { DirectoryConfigProvider } from './directory.ts'
export { EnvVarConfigProvider, ALLOWLIST_PATTERN_CONFIG } from './env.ts'
export * from './transformer.ts'
export * from './registry.ts'
