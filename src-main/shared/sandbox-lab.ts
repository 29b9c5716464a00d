// The built-in Sandbox lab: its pack and lab ids and the scenario a learner starts from. Main
// installs the pack so drafts can be saved against it; the renderer opens it. Pure; runs anywhere.

export const SANDBOX_PACK = {
  id: 'sandbox',
  version: '1',
  // Not a hash of anything: the pack is built in, so its content changes only with the app.
  contentHash: 'built-in',
  title: 'Sandbox',
} as const

export const SANDBOX_LAB_ID = 'sandbox'

/** The spec's own example (shared/spec/scenario.md): a stateful web server behind a firewall. */
export const SANDBOX_STARTER = `{
  "format": "portwise-scenario/1",
  "name": "stateful web server: only the request is allowed, the response passes as established",
  "firewall": {
    "kind": "stateful",
    "interfaces": { "outside": "198.51.100.0/24", "inside": "10.0.2.0/24" },
    "policy": "drop",
    "rules": [
      { "action": "accept", "ct": ["established", "related"] },
      { "action": "accept", "in": "outside", "proto": "tcp", "dst": "10.0.2.2/32", "dport": 443, "ct": ["new"] }
    ]
  },
  "packets": [
    { "in": "outside", "src": "198.51.100.7", "dst": "10.0.2.2", "proto": "tcp", "sport": 40001, "dport": 443, "flags": "S" },
    { "in": "inside", "src": "10.0.2.2", "dst": "198.51.100.7", "proto": "tcp", "sport": 443, "dport": 40001, "flags": "SA" }
  ]
}
`
