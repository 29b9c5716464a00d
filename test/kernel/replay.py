#!/usr/bin/python3
"""Kernel reference for portwise-scenario/1: replays one scenario file through a real Linux router.

Runs as root on a Linux host with ip (iproute2), nft and Debian's python3-scapy. It builds, in
throw-away network namespaces, a router with one veth per scenario interface and a peer namespace
behind each, turns the scenario's firewall into an nftables ruleset (`table inet pw`, chain `fwd_rules`
at hook forward priority 0), sends the scenario's packets one at a time from the peer behind each
packet's `in` interface, and reads nft counters after each to print what the kernel did, in the
shape of `portwise simulate`:  { "results": [ {"verdict", "ct", "rule"}, ... ] }

    replay.py FILE                  print the kernel's results
    replay.py --debug FILE          also print the conntrack table after every packet (stderr)
    replay.py --record FILE...      write FILE's results to NAME.expected.json beside it

Exit status: 0 done, 2 bad usage or file, 3 the scenario needs more waiting than we allow,
4 the host cannot run the reference (not root, tools missing), 1 anything else.
"""

import ctypes
import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

MAX_WAIT_S = 3.0
TCP_FLAG_NAMES = {'S': 'syn', 'A': 'ack', 'F': 'fin', 'R': 'rst', 'P': 'psh', 'U': 'urg'}
CT_STATES = ['new', 'established', 'related', 'invalid']
ICMP_ERROR_TYPES = {3, 4, 5, 11, 12}
CLONE_NEWNET = 0x40000000


class Refused(Exception):
    """The scenario cannot be replayed here (exit 3)."""


class BadFile(Exception):
    """The scenario file cannot be read (exit 2)."""


def sh(*args, check=True, ns=None, input=None):
    """Runs a command, in namespace `ns` when given; returns its stdout."""
    cmd = (['ip', 'netns', 'exec', ns] if ns else []) + [str(a) for a in args]
    r = subprocess.run(cmd, input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


# --- the scenario ------------------------------------------------------------------------------


def load(path):
    try:
        with open(path) as f:
            s = json.load(f)
    except (OSError, ValueError) as e:
        raise BadFile(f'{path}: {e}')
    if not isinstance(s, dict) or s.get('format') != 'portwise-scenario/1':
        raise BadFile(f'{path}: not a portwise-scenario/1 file')
    fw = s['firewall']
    if fw['kind'] not in ('stateless', 'stateful') or fw['policy'] not in ('accept', 'drop'):
        raise BadFile(f'{path}: bad firewall kind or policy')
    return s


def net(text):
    """A CIDR or a single address; host bits are ignored, as the scenario contract says."""
    return ipaddress.ip_network(text if '/' in text else text + '/32', strict=False)


def ports(value):
    if isinstance(value, int):
        return str(value)
    lo, _, hi = str(value).replace(' ', '').partition('-')
    return f'{int(lo)}-{int(hi)}' if hi else str(int(lo))


def flag_set(letters):
    names = [TCP_FLAG_NAMES[c] for c in letters]
    return '|'.join(names) if names else '0x0'


def nft_rule(rule, dev):
    """One scenario rule as an nft rule (a counter before the verdict: it moves only on a match)."""
    parts = []
    if 'in' in rule:
        parts.append(f'iifname "{dev[rule["in"]]}"')
    if 'out' in rule:
        parts.append(f'oifname "{dev[rule["out"]]}"')
    proto = rule.get('proto')
    if proto:
        parts.append(f'meta l4proto {proto}')
    for key, field in (('src', 'saddr'), ('dst', 'daddr')):
        if key in rule:
            parts.append(f'ip {field} {net(rule[key])}')
    for key in ('sport', 'dport'):
        if key in rule:
            parts.append(f'{proto} {key} {ports(rule[key])}')
    if 'flags' in rule:
        f = rule['flags']
        set_, mask = (f, f) if isinstance(f, str) else (f['set'], f.get('mask', f['set']))
        parts.append(f'tcp flags & ({flag_set(mask)}) == {flag_set(set_)}')
    if 'icmpType' in rule:
        parts.append(f'icmp type {int(rule["icmpType"])}')
    if 'ct' in rule:
        states = [rule['ct']] if isinstance(rule['ct'], str) else rule['ct']
        parts.append('ct state { ' + ', '.join(states) + ' }')
    verdict = {'accept': 'accept', 'drop': 'drop', 'reject': 'reject'}[rule['action']]
    return ' '.join(parts + ['counter', verdict])


def ruleset(fw, dev):
    """The scenario firewall plus observer chains that only count (no verdict)."""
    rules = '\n'.join(
        f'    {nft_rule(r, dev)} comment "rule{i}"' for i, r in enumerate(fw['rules'])
    )
    notrack = ''
    if fw['kind'] == 'stateless':
        # Before conntrack (-200): a stateless firewall's packets are never tracked.
        notrack = '  chain raw {\n    type filter hook prerouting priority -300; policy accept;\n' \
                  '    notrack\n  }\n'
    # The chain holding the scenario's rules is `fwd_rules`: nft 1.0.6 reads `fwd` as a keyword.
    ct_counters = '\n'.join(f'    ct state {s} counter comment "ct-{s}"' for s in CT_STATES)
    return f'''table inet pw {{
  chain arrive {{
    type filter hook prerouting priority -400; policy accept;
    meta nfproto ipv4 counter comment "arrived"
  }}
{notrack}  chain seen {{
    type filter hook forward priority -10; policy accept;
    counter comment "forward"
{ct_counters}
  }}
  chain fwd_rules {{
    type filter hook forward priority 0; policy {fw['policy']};
{rules}
  }}
  chain passed {{
    type filter hook forward priority 10; policy accept;
    counter comment "passed"
  }}
}}
'''


def counters(ns):
    """comment -> packets, for every counted rule of table inet pw."""
    data = json.loads(sh('nft', '-j', 'list', 'table', 'inet', 'pw', ns=ns))
    out = {}
    for item in data['nftables']:
        rule = item.get('rule')
        if not rule or 'comment' not in rule:
            continue
        for expr in rule['expr']:
            if 'counter' in expr:
                out[rule['comment']] = expr['counter']['packets']
    return out


# --- the network ---------------------------------------------------------------------------------

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f'setns {path}')
    finally:
        os.close(fd)


def raw_socket(ns, ifname):
    """An AF_PACKET socket on `ifname` inside namespace `ns` (a socket keeps its namespace)."""
    home_fd = os.open('/proc/thread-self/ns/net', os.O_RDONLY)
    try:
        setns(f'/run/netns/{ns}')
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((ifname, 0))
        return s
    finally:
        libc.setns(home_fd, CLONE_NEWNET)
        os.close(home_fd)


def mac_of(ns, ifname):
    return json.loads(sh('ip', '-j', 'link', 'show', ifname, ns=ns))[0]['address']


class Lab:
    """The router and its peers; `close` removes every namespace it made."""

    def __init__(self, fw):
        tag = f'{os.getpid()}-{uuid.uuid4().hex[:6]}'
        self.router = f'pw-{tag}-r'
        self.names = list(fw['interfaces'])
        self.peers = [f'pw-{tag}-p{i}' for i in range(len(self.names))]
        self.dev = {name: f'r{i}' for i, name in enumerate(self.names)}
        self.made = []
        self.sockets = {}
        self.router_mac = {}

    def build(self, fw):
        for ns in [self.router] + self.peers:
            self.made.append(ns)  # first, so a stop between the two still deletes it
            sh('ip', 'netns', 'add', ns)
            # No IPv6 chatter (router solicitations, MLD) to move any counter.
            sh('sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', ns=ns)
            sh('sysctl', '-qw', 'net.ipv6.conf.default.disable_ipv6=1', ns=ns)
            sh('sysctl', '-qw', 'net.ipv4.conf.all.rp_filter=0', ns=ns)
            sh('sysctl', '-qw', 'net.ipv4.conf.default.rp_filter=0', ns=ns)
        r = self.router
        sh('sysctl', '-qw', 'net.ipv4.ip_forward=1', ns=r)
        sh('sysctl', '-qw', 'net.ipv4.conf.all.send_redirects=0', ns=r)
        sh('sysctl', '-qw', 'net.ipv4.conf.default.send_redirects=0', ns=r)
        sh('ip', 'link', 'set', 'lo', 'up', ns=r)
        seen = set()
        for i, name in enumerate(self.names):
            rdev, peer = f'r{i}', self.peers[i]
            sh('ip', 'link', 'add', rdev, 'netns', r, 'type', 'veth', 'peer', 'name', 'p0',
               'netns', peer)
            for ns, d in ((r, rdev), (peer, 'p0')):
                sh('sysctl', '-qw', f'net.ipv4.conf.{d}.rp_filter=0', ns=ns)
                sh('ip', 'link', 'set', d, 'up', ns=ns)
            self.router_mac[name] = mac_of(r, rdev)
            # The router owns no address; each subnet is routed to a made-up next hop on the link
            # whose link address is pinned, so any destination forwards without ARP.
            gw = f'192.0.2.{i + 1}'
            sh('ip', 'neigh', 'replace', gw, 'lladdr', mac_of(peer, 'p0'), 'nud', 'permanent',
               'dev', rdev, ns=r)
            subnet = net(fw['interfaces'][name])
            if subnet in seen:
                continue  # equal subnets: the first listed wins, as the contract says
            seen.add(subnet)
            sh('ip', 'route', 'add', subnet, 'via', gw, 'dev', rdev, 'onlink', ns=r)
        sh('nft', '-f', '-', ns=r, input=ruleset(fw, self.dev))
        # The nf_conntrack sysctls exist once the ruleset has loaded conntrack.
        sh('sysctl', '-qw', 'net.netfilter.nf_conntrack_tcp_be_liberal=1', ns=r)
        sh('sysctl', '-qw', 'net.netfilter.nf_conntrack_tcp_loose=1', ns=r)
        for name, peer in zip(self.names, self.peers):
            self.sockets[name] = raw_socket(peer, 'p0')

    def close(self):
        # A second SIGTERM must not cut the clean-up short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for s in self.sockets.values():
            s.close()
        for ns in reversed(self.made):
            sh('ip', 'netns', 'del', ns, check=False)
        self.made = []


# --- the packets ---------------------------------------------------------------------------------


class Flows:
    """Keeps TCP sequence numbers consistent per connection, so every packet is in sequence, and
    a RST carries exactly the sequence number its peer last acknowledged (the contract's rule).
    Each end is kept per connection: a server port talking to two clients has two sequences, so
    its packets to one client never carry numbers from its conversation with the other."""

    def __init__(self):
        self.ends = {}
        self.last = {}
        self.next_isn = 1000000
        self.icmp_seq = {}

    def _isn(self):
        self.next_isn += 7777777
        return self.next_isn % 2**32

    def end(self, key, addr, port):
        e = self.ends.get((key, addr, port))
        if e is None:
            e = self.ends[(key, addr, port)] = {'nxt': self._isn(), 'acked': None}
        return e

    def tcp(self, p, payload_len):
        key = frozenset([(p['src'], p['sport']), (p['dst'], p['dport'])])
        me, peer = self.end(key, p['src'], p['sport']), self.end(key, p['dst'], p['dport'])
        flags = p.get('flags', '')
        last = self.last.get(key)
        if 'S' in flags and last != ((p['src'], p['sport']), flags):
            me['nxt'] = self._isn()  # a new SYN starts a new sequence; a retransmission does not
        seq = me['nxt']
        if 'R' in flags and peer['acked'] is not None:
            seq = peer['acked']
        ack = peer['nxt'] if 'A' in flags else 0
        if 'A' in flags:
            me['acked'] = ack
        me['nxt'] = (me['nxt'] + payload_len + ('S' in flags) + ('F' in flags)) % 2**32
        self.last[key] = ((p['src'], p['sport']), flags)
        return seq, ack

    def echo_seq(self, p):
        key = (frozenset([p['src'], p['dst']]), p.get('id', 0))
        if p['icmpType'] in (8, 13, 15, 17):
            self.icmp_seq[key] = self.icmp_seq.get(key, 0) + 1
        return self.icmp_seq.get(key, 1)


def frame(p, flows, router_mac):
    from scapy.layers.inet import ICMP, IP, TCP, UDP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw

    ip = IP(src=p['src'], dst=p['dst'], ttl=64)
    proto = p['proto']
    if proto == 'tcp':
        flags = p.get('flags', '')
        payload = b'portwise-data-16' if 'P' in flags else b''
        seq, ack = flows.tcp(p, len(payload))
        l4 = TCP(sport=p['sport'], dport=p['dport'], flags=flags or 0, seq=seq, ack=ack,
                 window=64240)
        pkt = ip / l4 / (Raw(payload) if payload else b'')
    elif proto == 'udp':
        pkt = ip / UDP(sport=p['sport'], dport=p['dport']) / Raw(b'portwise-datagram')
    else:
        t, code = p['icmpType'], p.get('icmpCode', 0)
        if t in ICMP_ERROR_TYPES:
            # The error quotes the IP header and the first 8 bytes of the packet it answers.
            q = p.get('inner')
            if q is None:
                quoted = b''
            else:
                qip = IP(src=q['src'], dst=q['dst'], ttl=63)
                if q['proto'] == 'tcp':
                    inner = qip / TCP(sport=q['sport'], dport=q['dport'], flags='S', seq=1)
                elif q['proto'] == 'udp':
                    inner = qip / UDP(sport=q['sport'], dport=q['dport']) / Raw(b'x' * 8)
                else:
                    inner = qip / ICMP(type=q['icmpType'], id=q.get('id', 0), seq=1)
                quoted = bytes(inner)[:28]
            pkt = ip / ICMP(type=t, code=code) / Raw(quoted)
        else:
            pkt = ip / ICMP(type=t, code=code, id=p.get('id', 0), seq=flows.echo_seq(p)) / Raw(
                b'portwise-ping')
    return bytes(Ether(src='02:00:00:00:00:01', dst=router_mac) / pkt)


def waits(packets):
    """Seconds between the first packet and the last (a packet without `time` keeps the clock)."""
    clock, times = 0, []
    for p in packets:
        clock = p.get('time', clock)
        times.append(clock)
    return times[-1] - times[0] if times else 0


def replay(s, debug=False):
    fw, packets = s['firewall'], s['packets']
    total_wait = waits(packets)
    if total_wait > MAX_WAIT_S:
        raise Refused(f'needs {total_wait:g} s of waiting (more than {MAX_WAIT_S:g} s): '
                      'not replayed on the kernel')
    lab = Lab(fw)
    try:
        lab.build(fw)
        flows = Flows()
        results = []
        before = counters(lab.router)
        clock = packets[0].get('time', 0) if packets else 0
        for i, p in enumerate(packets):
            t = p.get('time', clock)
            if t > clock:
                time.sleep(t - clock)
                clock = t
            data = frame(p, flows, lab.router_mac[p['in']])
            lab.sockets[p['in']].send(data)
            after = settle(lab.router, before, i)
            results.append(decide(fw, before, after, i))
            if debug:
                table = sh('conntrack', '-L', ns=lab.router, check=False)
                print(f'[{i}] {json.dumps(results[-1])}\n{table}', file=sys.stderr)
            before = after
        return results
    finally:
        lab.close()


def settle(ns, before, index):
    """Counters once packet `index` has gone all the way through the router."""
    deadline = time.monotonic() + 5
    while True:
        now = counters(ns)
        if now['arrived'] > before['arrived']:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f'packets[{index}] never reached the router')
        time.sleep(0.005)
    if now['arrived'] != before['arrived'] + 1:
        raise RuntimeError(f'packets[{index}]: {now["arrived"] - before["arrived"]} packets arrived')
    # Netfilter runs the hooks of one packet synchronously in one softirq; a short pause and a
    # second read that agrees rule out a read taken while it was between hooks.
    while True:
        time.sleep(0.01)
        again = counters(ns)
        if again == now:
            return now
        now = again


def decide(fw, before, after, index):
    moved = {k for k in after if after[k] != before.get(k, 0)}
    if 'forward' not in moved:
        # Routing dropped it before the forward hook: no rule and no ct state was consulted.
        return {'verdict': 'drop', 'ct': None, 'rule': None}
    rules = [i for i in range(len(fw['rules'])) if f'rule{i}' in moved]
    states = [s for s in CT_STATES if f'ct-{s}' in moved]
    if len(rules) > 1 or len(states) > 1:
        raise RuntimeError(f'packets[{index}]: ambiguous counters {sorted(moved)}')
    verdict = 'accept' if 'passed' in moved else 'drop'
    rule = rules[0] if rules else None
    expected = fw['rules'][rule]['action'] if rule is not None else fw['policy']
    if (expected == 'accept') != (verdict == 'accept'):
        raise RuntimeError(f'packets[{index}]: verdict {verdict} but the deciding rule says {expected}')
    if fw['kind'] == 'stateless':
        ct = None
    elif len(states) == 1:
        ct = states[0]
    else:
        raise RuntimeError(f'packets[{index}]: no ct state counter moved')
    return {'verdict': verdict, 'ct': ct, 'rule': rule}


def format_results(results):
    """The layout of `portwise simulate`, so the two outputs can be diffed line by line."""
    lines = ',\n'.join('  ' + json.dumps(r, separators=(',', ':')) for r in results)
    return '{ "results": [\n' + lines + '\n] }\n'


def format_expected(results):
    """The layout Prettier gives a .expected.json file, so re-recording leaves no noise."""
    lines = ',\n'.join('    ' + json.dumps(r).replace('{', '{ ').replace('}', ' }') for r in results)
    return '{\n  "results": [\n' + lines + '\n  ]\n}\n'


def check_host():
    if os.geteuid() != 0:
        return 'not running as root'
    for tool in ('ip', 'nft', 'conntrack'):
        if subprocess.run(['sh', '-c', f'command -v {tool}'], capture_output=True).returncode:
            return f'{tool} is not installed'
    try:
        import scapy.layers.inet  # noqa: F401
    except ImportError:
        return 'python3-scapy is not installed'
    return None


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    record, debug = '--record' in argv, '--debug' in argv
    if not args or any(a not in ('--record', '--debug') for a in argv if a.startswith('--')):
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 2
    if len(args) > 1 and not record:
        print('replay.py: one FILE at a time (or --record FILE...)', file=sys.stderr)
        return 2
    why = check_host()
    if why:
        print(f'replay.py: cannot run the kernel reference: {why}', file=sys.stderr)
        return 4
    # Ctrl-C or a test runner's SIGTERM must still run the finally blocks that delete namespaces.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = 0
    for path in args:
        try:
            results = replay(load(path), debug)
        except BadFile as e:
            print(f'replay.py: {e}', file=sys.stderr)
            return 2
        except Refused as e:
            print(f'replay.py: {path}: {e}', file=sys.stderr)
            status = 3
            continue
        if record:
            # A recording is only kept when a second, independent replay agrees with it.
            again = replay(load(path), debug)
            if again != results:
                print(f'replay.py: {path}: two replays disagree, nothing recorded', file=sys.stderr)
                status = 1
                continue
        if record:
            out = path[:-len('.json')] + '.expected.json'
            with open(out, 'w') as f:
                f.write(format_expected(results))
            print(f'recorded {out}', file=sys.stderr)
        else:
            sys.stdout.write(format_results(results))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
