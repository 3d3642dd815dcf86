// kconnect command line: `kconnect <command> [options]`. Each command lives in its own module.
import { runBroker, brokerHelp } from './broker-command.ts'

const commands: Record<string, { summary: string, help: string, run: (argv: string[]) => Promise<void> }> = {
  broker: { summary: 'run the embedded Kafka-protocol broker', help: brokerHelp, run: runBroker },
  dev: {
    summary: 'development stack (for now: the embedded broker with a data dir under ./data)',
    help: 'Usage: kconnect dev [broker options]\n\nStarts the embedded broker with --data-dir ./data unless given. The worker, REST API and\nthe demo pipeline join this command when the worker lands.\n\n' + brokerHelp,
    run: async argv => runBroker(argv.some(a => a.startsWith('--data-dir')) ? argv : ['--data-dir', 'data', ...argv])
  }
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
