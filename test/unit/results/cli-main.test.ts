// The `portwise` dispatcher: help (also a command's own, with --help or -h) on stdout with exit 0; no command or an unknown one is a usage
// error, on stderr with exit 2 (no command once printed its usage on stdout). Runs in Vitest.
import { describe, expect, it } from 'vitest'
import { main } from '../../../src-main/cli/main'

async function run(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

describe('portwise', () => {
  it('help is output, exit 0', async () => {
    const r = await run('--help')
    expect(r).toMatchObject({ code: 0, err: '' })
    expect(r.out).toMatch(/^usage: portwise <command>/)
  })

  it.each(['simulate', 'trace', 'allowed', 'convert', 'pack', 'grade'])(
    '%s --help prints the usage of that command as output, exit 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const r = await run(command, 'some-file.json', flag)
        expect(r).toMatchObject({ code: 0, err: '' })
        expect(r.out).toMatch(new RegExp(`^usage: portwise ${command} `))
        expect(r.out.endsWith('\n')).toBe(true)
      }
    },
  )

  it('no command is a usage error on stderr, exit 2', async () => {
    const r = await run()
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toMatch(/^usage: portwise <command>/)
  })

  it('an unknown command is named, on stderr, exit 2', async () => {
    const r = await run('tracee')
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toMatch(/^portwise: unknown command "tracee"\n/)
  })

  it('a name every object has is no command either', async () => {
    const r = await run('toString')
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toMatch(/^portwise: unknown command "toString"\n/)
  })
})
