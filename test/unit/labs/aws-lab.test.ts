// Lab 10 grades AWS filters as the console shows them: an ACL entry by its number, a security
// group's rules without the responses rule the group implies (its author never wrote it).
import { beforeAll, describe, expect, it } from 'vitest'
import { gradeLab, learnerNetwork } from '../../../src-main/labs/grader'
import { traceTopology } from '../../../src-main/network/tracer'
import type { Lab, Objective } from '../../../src-main/labs/lab-pack'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'

const COURSE = new URL('../../../labs/portwise-basics', import.meta.url).pathname

let lab: Lab
beforeAll(async () => {
  const loaded = await loadPack(COURSE)
  lab = loaded.pack!.labs.find((l) => l.id === '10-aws-vpc')!
})

const details = (objectives: Objective[]) =>
  gradeLab(
    { ...lab, objectives },
    { rules: {}, answers: {}, predictions: {}, hintsUsed: 0 },
  ).objectives.map((o) => o.detail)

const objective = (id: string) => lab.objectives.find((o) => o.id === id)!

describe('lab 10 names AWS rules as AWS does', () => {
  it('a forbidden rule in the security group is its inbound rule, counted as its editor counts', () => {
    expect(details([objective('sg-closed')])).toEqual([
      'the security group of web (EC2 instance) inbound rule 2 (accept tcp to any ports 1024-65535) opens what this lab forbids',
    ])
  })

  it("the ACL's near miss for SSH is entry 100, and the deny that drops it is rule *", () => {
    expect(details([objective('no-ssh')])[0]).toContain(
      'the SYN was dropped by the network ACL of subnet public (acl-public) inbound rule * (no rule matched; closest: rule 100: dport 22 is not 443)',
    )
  })

  it('a rule count leaves out the responses rule a security group implies', () => {
    const max: Objective = {
      id: 'few',
      type: 'maxRules',
      title: 'few rules',
      points: 1,
      firewall: 'web',
      max: 3,
    }
    // two inbound permissions and one outbound in the starting group
    expect(details([max])).toEqual(['web has 3 rules (at most 3)'])
  })

  it("a hop names the AWS list that decided, and the group's responses rule by what it does", () => {
    const { topology } = learnerNetwork(lab, {})
    const synAck = traceTopology(topology, { flows: ['browse'], seed: lab.seed }).packets[1]
    expect(synAck.hops.flatMap((h) => h.checks.map((c) => `${c.where}: ${c.reason}`))).toEqual([
      'the security group of web (EC2 instance), outbound rules: accepted by the responses rule (security groups are stateful)',
      'the network ACL of subnet public (acl-public), outbound rules: dropped by rule *: no rule matched',
    ])
  })
})
