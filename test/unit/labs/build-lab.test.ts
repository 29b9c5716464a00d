// A lab whose network the learner builds (lab.json `build`; the course's lab 11): the nodes they
// add and their links are graded like rules, the lab's own nodes stay locked, and whatever they
// build wrong is an error naming where, never a crash.
import { beforeAll, describe, expect, it } from 'vitest'
import { gradeLab, learnerNetwork } from '../../../src-main/labs/grader'
import { NETWORK_KEY } from '../../../src-main/labs/lab-network'
import { formatProblem, type Lab } from '../../../src-main/labs/lab-pack'
import { validatePack } from '../../../src-main/labs/validate'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'
import { edited } from './pack-fixture'

const COURSE = new URL('../../../labs/portwise-basics', import.meta.url).pathname
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

let lab: Lab
beforeAll(async () => {
  const loaded = await loadPack(COURSE)
  lab = loaded.pack!.labs.find((l) => l.id === '11-build-it')!
})

/** The reference network, edited. */
function network(edit: (n: { nodes: Record<string, unknown>[]; links: string[][] }) => void) {
  const n = clone(lab.build!.solution) as { nodes: Record<string, unknown>[]; links: string[][] }
  edit(n)
  return { [NETWORK_KEY]: n }
}

const grade = (rules: Record<string, unknown>) =>
  gradeLab(lab, { rules, answers: {}, predictions: {}, hintsUsed: 0 })

describe('a lab the learner builds', () => {
  it('before anything is built, the objectives fail and say why', () => {
    const g = grade({})
    expect(g.errors).toEqual([])
    expect(g.objectives.map((o) => [o.id, o.passed, o.detail])).toEqual([
      [
        'browse',
        false,
        expect.stringMatching(/nobody on eth0 of client \(Windows\) answers for 198\.51\.100\.1$/),
      ],
      ['ssh', false, expect.stringMatching(/^ssh fails, but not at fw1/)],
      ['least', false, expect.stringMatching(/^browse must work, but: /)],
      ['stateful', false, 'there is no fw1 in your network yet'],
    ])
  })

  it('the reference network passes with full marks; unlinked, the page does not load', () => {
    expect(grade(lab.solution!).score).toBe(20)
    const unlinked = grade(network((n) => n.links.pop()))
    expect(unlinked.objectives.find((o) => o.id === 'browse')!.passed).toBe(false)
  })

  it("a node named like one of the lab's is refused: the lab's nodes stay locked", () => {
    const g = grade(
      network((n) => {
        n.nodes.push({ ...clone(n.nodes[0]), id: 'server', kind: 'firewall' })
      }),
    )
    expect(g.errors).toEqual([
      `the network you built (@network.nodes[1].id) has an error: "server" is a node of the lab; a node you add needs a name of its own`,
    ])
    expect(g.score).toBe(0)
  })

  it('only the kinds the lab offers, and each mistake named where it is', () => {
    const errors = (edit: Parameters<typeof network>[0]) => grade(network(edit)).errors
    expect(errors((n) => (n.nodes[0].kind = 'router'))).toEqual([
      'the network you built (@network.nodes[0].kind) has an error: this lab lets you add firewall, not "router"',
    ])
    expect(
      errors(
        (n) => ((n.nodes[0].interfaces as { address: string }[])[0].address = '198.51.100.999/24'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^the network you built \(@network\.nodes\[0\]\.interfaces\[0\]\.address\) has an error: /,
      ),
    ])
    expect(errors((n) => n.links.push(['fw1:dmz', 'sw:p3']))).toEqual([
      expect.stringMatching(/^the network you built \(@network\.links\[3\]/),
    ])
    expect(grade({ [NETWORK_KEY]: 'fw1' }).errors).toEqual([
      'the network you built (@network) has an error: must be an object with "nodes" and "links" lists',
    ])
  })

  it('the network is traced as the grader sees it: the added firewall decides', () => {
    const { topology, errors } = learnerNetwork(lab, lab.solution!)
    expect(errors).toEqual([])
    expect(topology.nodes.map((n) => n.id)).toEqual(['client', 'sw', 'server', 'fw1'])
    expect(topology.nodes.find((n) => n.id === 'fw1')!.filter?.kind).toBe('stateful')
    expect(topology.nodes.find((n) => n.id === 'server')!.locked).toBe(false)
  })
})

describe('pack validate on build labs', () => {
  const LAB = 'open-https/lab.json'

  it('a lab that does not let the learner build needs an editable firewall', () => {
    const problems = (edit: (v: Record<string, unknown>) => void) =>
      validatePack(edited(LAB, edit)).problems.map(formatProblem)
    const noFirewall = (v: Record<string, unknown>) => {
      v.editable = []
      v.start = {}
      delete v.solution
    }
    expect(problems(noFirewall)).toContain(
      `${LAB}: editable: names no firewall, and the lab does not let the learner build`,
    )
  })

  it("the reference network is checked like the learner's", () => {
    const problems = validatePack(
      edited(LAB, (v) => {
        v.build = {
          kinds: ['firewall'],
          solution: { nodes: [{ id: 'client', kind: 'firewall', interfaces: [] }], links: [] },
        }
      }),
    ).problems.map(formatProblem)
    expect(problems).toEqual([
      `${LAB}: build.solution.nodes[0].id: "client" is a node of the lab; a node you add needs a name of its own`,
    ])
  })
})
