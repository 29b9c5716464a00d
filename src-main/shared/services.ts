// Well-known service names learners write for ports (`tcp dport ssh`), as /etc/services has them:
// the nftables parser accepts them and the rule editor completes them. Pure; the renderer may
// import it.
import { nameTable } from './name-table'

export const SERVICES = nameTable({
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  pop3: 110,
  ntp: 123,
  imap: 143,
  snmp: 161,
  https: 443,
  submission: 587,
  imaps: 993,
  pop3s: 995,
})
