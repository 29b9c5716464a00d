// The Sandbox network: the lab a learner starts from on the network screen — a Windows client
// and an update server outside, firewall fw1, a web server and a DNS server inside — with only
// the request rule, so the browse flow's SYN-ACK dies at the stateless firewall (the seed lesson
// of test/unit/network/seed-lessons.test.ts). Pure data; runs anywhere.
import type { TopologyJson } from './lab-types'

export const SANDBOX_NETWORK_LAB_ID = 'network'

export function sandboxNetwork(): TopologyJson {
  return {
    format: 'portwise-topology/1',
    name: 'Sandbox network',
    nodes: [
      {
        id: 'client',
        kind: 'host',
        label: 'client',
        role: 'client',
        os: 'windows',
        interfaces: [{ name: 'eth0', address: '119.18.36.73/24', gateway: '119.18.36.1' }],
        position: { x: 90, y: 110 },
      },
      {
        id: 'updates',
        kind: 'host',
        label: 'update server',
        role: 'update-server',
        os: 'linux',
        interfaces: [{ name: 'eth0', address: '119.18.36.80/24', gateway: '119.18.36.1' }],
        position: { x: 90, y: 330 },
      },
      {
        id: 'sw1',
        kind: 'switch',
        label: 'switch',
        interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }],
        position: { x: 250, y: 220 },
      },
      {
        id: 'fw1',
        kind: 'firewall',
        label: 'fw1',
        os: 'linux',
        interfaces: [
          { name: 'outside', address: '119.18.36.1/24', zone: 'outside' },
          { name: 'inside', address: '1.3.3.1/24', zone: 'inside' },
        ],
        firewall: {
          kind: 'stateless',
          forward: {
            policy: 'drop',
            rules: [
              {
                action: 'accept',
                in: 'outside',
                proto: 'tcp',
                dst: '1.3.3.7',
                dport: 443,
                comment: 'web requests',
              },
            ],
          },
        },
        position: { x: 420, y: 220 },
      },
      {
        id: 'sw2',
        kind: 'switch',
        label: 'switch',
        interfaces: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }],
        position: { x: 580, y: 220 },
      },
      {
        id: 'server',
        kind: 'host',
        label: 'web server',
        role: 'web-server',
        os: 'linux',
        interfaces: [{ name: 'eth0', address: '1.3.3.7/24', gateway: '1.3.3.1' }],
        position: { x: 740, y: 110 },
      },
      {
        id: 'dns',
        kind: 'host',
        label: 'DNS server',
        role: 'dns-server',
        os: 'linux',
        interfaces: [{ name: 'eth0', address: '1.3.3.53/24', gateway: '1.3.3.1' }],
        position: { x: 740, y: 330 },
      },
    ],
    links: [
      ['client:eth0', 'sw1:p1'],
      ['updates:eth0', 'sw1:p2'],
      ['sw1:p3', 'fw1:outside'],
      ['fw1:inside', 'sw2:p1'],
      ['sw2:p2', 'server:eth0'],
      ['sw2:p3', 'dns:eth0'],
    ],
    flows: [
      { name: 'browse', kind: 'https', from: 'client', to: 'server', sport: 13337 },
      { name: 'lookup', kind: 'dns', from: 'client', to: 'dns' },
      { name: 'update', kind: 'update', from: 'server', to: 'updates' },
    ],
  }
}
