// kconnect command line: `kconnect <command> [options]`. Each command lives in its own module.
import { runBroker, brokerHelp } from './broker-command.ts'
import { runDev, devHelp } from './dev-command.ts'
import { runStandalone, standaloneHelp } from './standalone-command.ts'
import { runPlugins, pluginsHelp, runValidate, validateHelp } from './plugin-commands.ts'

const commands: Record<string, { summary: string, help: string, run: (argv: string[]) => Promise<void> }> = {
  broker: { summary: 'run the embedded Kafka-protocol broker', help: brokerHelp, run: runBroker },
  dev: { summary: 'broker + worker + REST + a demo file→Kafka→file pipeline (npm start)', help: devHelp, run: runDev },
  standalone: { summary: 'run a standalone worker (connect-standalone)', help: standaloneHelp, run: runStandalone },
  plugins: { summary: 'list the plugins a worker would load', help: pluginsHelp, run: runPlugins },
  validate: { summary: 'validate a connector config file as PUT …/config/validate does', help: validateHelp, run: runValidate }
}

export const usage = `Usage: kconnect <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'kconnect <command> --help' for the options of a command.`

async function main (argv: string[]): Promise<void> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage)
    return
  }
  const command = commands[name]
  if (command === undefined) {
    console.error(`kconnect: unknown command '${name}'\n\n${usage}`)
    process.exitCode = 2
    return
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help)
    return
  }
  await command.run(rest)
}

main(process.argv.slice(2)).catch(err => {
  console.error(`kconnect: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
