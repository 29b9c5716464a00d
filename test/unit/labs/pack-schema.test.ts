// Reading a pack: schema errors and semantic errors name the file and the path.
import { describe, expect, it } from 'vitest'
import { formatProblem } from '../../../src-main/labs/lab-pack'
import { readPack } from '../../../src-main/labs/pack-reader'
import { type JsonEdit, edited, fixtureFiles } from './pack-fixture'

const errorsOf = (files: Map<string, Uint8Array>) => readPack(files).problems.map(formatProblem)
const LAB = 'open-https/lab.json'

describe('the test pack', () => {
  it('reads with no problem, labs in order', () => {
    const { pack, problems } = readPack(fixtureFiles())
    expect(problems).toEqual([])
    expect(pack?.manifest).toMatchObject({ id: 'test-basics', version: '1.0.0', hintCost: 1 })
    expect(pack?.labs.map((l) => l.id)).toEqual(['open-https', 'stateful-services'])
  })
})

describe('schema errors name file and path', () => {
  it.each<[string, string, JsonEdit, string]>([
    [
      'unknown field in pack.json',
      'pack.json',
      (v) => (v.colour = 'red'),
      'pack.json: colour: unknown field',
    ],
    ['wrong type', 'pack.json', (v) => (v.labs = 'open-https'), 'pack.json: labs: must be array'],
    // patterns in words, not as the regular expression ajv prints
    [
      'bad id',
      'pack.json',
      (v) => (v.id = 'Test Basics'),
      'pack.json: id: must be lower-case letters and digits, words joined by "-", like 01-first-lab',
    ],
    [
      'bad version',
      'pack.json',
      (v) => (v.version = '1.0'),
      'pack.json: version: must be a version of three numbers, like 1.0.0 or 1.1.0-beta (major.minor.patch)',
    ],
    [
      'bad language',
      'pack.json',
      (v) => (v.language = 'english'),
      'pack.json: language: must be a language tag, like en or pt-BR',
    ],
    // ajv said "must NOT have duplicate items (items ## 2 and 0 are identical)" at labs
    [
      'a lab listed twice',
      'pack.json',
      (v) => v.labs.push('open-https'),
      'pack.json: labs[2]: "open-https" is listed twice (also labs[0])',
    ],
    ['missing field', 'pack.json', (v) => delete v.license, 'pack.json: license: missing'],
    [
      'wrong format',
      'pack.json',
      (v) => (v.format = 'portwise-pack/2'),
      'pack.json: format: must be "portwise-pack/1"',
    ],
    [
      'unknown field in an objective',
      LAB,
      (v) => (v.objectives[0].weight = 3),
      `${LAB}: objectives[0].weight: unknown field (expected one of id, `,
    ],
    [
      'unknown objective type',
      LAB,
      (v) => (v.objectives[0].type = 'fast'),
      `${LAB}: objectives[0].type: must be one of`,
    ],
    [
      'unknown field in a flow',
      LAB,
      (v) => (v.objectives[1].flow.proto = 'tcp'),
      `${LAB}: objectives[1].flow.proto: unknown field`,
    ],
    [
      'port out of range',
      LAB,
      (v) => (v.objectives[1].flow.port = 70000),
      `${LAB}: objectives[1].flow.port: must be <= 65535`,
    ],
    [
      'unknown field in a start rule',
      LAB,
      (v) => (v.start.fw1.forward.rules[0].dprot = 22),
      `${LAB}: start.fw1.forward.rules[0].dprot: unknown field: did you mean "dport"?`,
    ],
    [
      'points as a string',
      LAB,
      (v) => (v.objectives[2].points = '10'),
      `${LAB}: objectives[2].points: must be integer`,
    ],
    [
      'unknown field in a topology node',
      'open-https/topology.json',
      (v) => (v.nodes[0].colour = 1),
      'open-https/topology.json: nodes[0].colour: unknown field',
    ],
  ])('%s', (_, file, edit, expected) => {
    expect(errorsOf(edited(file, edit)).join('\n')).toContain(expected)
  })

  it('reports every schema error of a file at once', () => {
    const errors = errorsOf(edited('pack.json', (v) => Object.assign(v, { a: 1, b: 2, title: 3 })))
    expect(errors).toEqual([
      'pack.json: a: unknown field (expected one of $schema, format, id, version, title, description, author, license, language, labs, scoring)',
      'pack.json: b: unknown field (expected one of $schema, format, id, version, title, description, author, license, language, labs, scoring)',
      'pack.json: title: must be string',
    ])
  })
})

describe('semantic errors name file and path', () => {
  it.each<[string, string, JsonEdit, string]>([
    [
      'a lab folder that is not there',
      'pack.json',
      (v) => v.labs.push('missing-lab'),
      'pack.json: labs[2]: missing-lab/lab.json is missing',
    ],
    [
      'lab id differs from its folder',
      LAB,
      (v) => (v.id = 'other'),
      `${LAB}: id: "other" must be the lab's folder name`,
    ],
    [
      'an editable node that does not exist',
      LAB,
      (v) => (v.editable = ['fw9']),
      `${LAB}: editable[0]: there is no node "fw9"`,
    ],
    [
      'a start rule on a missing interface',
      LAB,
      (v) => (v.start.fw1.forward.rules[0].in = 'dmz'),
      `${LAB}: start.fw1.forward.rules[0].in: "dmz" is not an interface`,
    ],
    [
      'ports without a protocol',
      LAB,
      (v) => delete v.solution.fw1.forward.rules[1].proto,
      `${LAB}: solution.fw1.forward.rules[1].sport: ports need "proto"`,
    ],
    [
      'a flow name the topology lacks',
      LAB,
      (v) => (v.objectives[0].flow = 'surf'),
      `${LAB}: objectives[0].flow: "surf" names no flow of the topology`,
    ],
    [
      'a flow from a node that is not a host',
      LAB,
      (v) => (v.objectives[1].flow.from = 'fw1'),
      `${LAB}: objectives[1].flow.from: "fw1" is not a host`,
    ],
    [
      'blocked at a node that does not exist',
      LAB,
      (v) => (v.objectives[1].at = 'fw2'),
      `${LAB}: objectives[1].at: there is no node "fw2"`,
    ],
    [
      'a choice index past the choices',
      LAB,
      (v) => (v.objectives[7].answer = 2),
      `${LAB}: objectives[7].answer: with choices, the answer is the index`,
    ],
    [
      'two objectives with one id',
      LAB,
      (v) => (v.objectives[1].id = 'browse'),
      `${LAB}: objectives[1].id: "browse" is the id of another objective`,
    ],
    [
      'a forbid pattern on a missing interface',
      LAB,
      (v) => (v.objectives[4].pattern.in = 'dmz'),
      `${LAB}: objectives[4].pattern.in: "dmz" is not an interface`,
    ],
    [
      'a missing topology file',
      LAB,
      (v) => (v.topology = 'net.json'),
      `${LAB}: topology: open-https/net.json is missing`,
    ],
    [
      'exactly on a traceroute',
      LAB,
      (v) => (v.objectives[2].flows = [{ kind: 'traceroute', from: 'client', to: 'server' }]),
      `${LAB}: objectives[2].flows[0]: exactly cannot judge a traceroute flow`,
    ],
    [
      'a topology cross-reference',
      'open-https/topology.json',
      (v) => (v.links[0][1] = 'fw9:outside'),
      'open-https/topology.json: links[0][1]: there is no node "fw9"',
    ],
  ])('%s', (_, file, edit, expected) => {
    expect(errorsOf(edited(file, edit)).join('\n')).toContain(expected)
  })
})

describe('hostile JSON', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'a "%s" key is refused with its path, and pollutes nothing',
    (key) => {
      const files = fixtureFiles()
      const text = new TextDecoder()
        .decode(files.get(LAB))
        .replace('"seed": 7,', `"seed": 7, "hints2": { "${key}": { "polluted": true } },`)
      files.set(LAB, new TextEncoder().encode(text))
      expect(errorsOf(files)).toEqual([`${LAB}: hints2.${key}: the key "${key}" is not allowed`])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    },
  )

  it('wrong types deep inside are schema errors, not crashes', () => {
    const files = edited(LAB, (v) => {
      v.objectives = [{ id: 1, type: ['reachable'], title: null, points: -1 }, 'x']
      v.start = []
    })
    const errors = errorsOf(files)
    expect(errors.length).toBeGreaterThan(3)
    expect(errors.join('\n')).toContain(`${LAB}: objectives[0].id: must be string`)
    expect(errors.join('\n')).toContain(`${LAB}: objectives[1]: must be object`)
  })

  it('a JSON file over the size limit is refused before it is parsed', () => {
    const files = fixtureFiles()
    files.set(LAB, new Uint8Array(3 * 1024 * 1024).fill(0x20))
    expect(errorsOf(files)[0]).toMatch(
      /^open-https\/lab.json: 3145728 bytes is over the 2097152-byte limit/,
    )
  })

  it('invalid JSON and nesting too deep are errors', () => {
    const files = fixtureFiles()
    files.set('pack.json', new TextEncoder().encode('{ "id": '))
    expect(errorsOf(files)[0]).toMatch(/^pack.json: is not valid JSON/)
    files.set('pack.json', new TextEncoder().encode('['.repeat(100) + ']'.repeat(100)))
    expect(errorsOf(files)[0]).toMatch(/nested more than 32 levels deep/)
  })

  it('files of other types are refused', () => {
    const files = fixtureFiles()
    files.set('open-https/run.js', new TextEncoder().encode('alert(1)'))
    files.set('open-https/images/x.svg', new TextEncoder().encode('<svg/>'))
    expect(errorsOf(files).slice(0, 2)).toEqual([
      'open-https/images/x.svg: a pack may hold only .json .md .txt .png .jpg .jpeg .gif .webp files',
      'open-https/run.js: a pack may hold only .json .md .txt .png .jpg .jpeg .gif .webp files',
    ])
  })
})
